package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.remote.RemoteBlobCache;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Connections held in this JVM by a JCache that stores by reference (Caffeine's, the single-server default): each
 * connection with its own {@link RemoteBlobCache}, and each blob held once however many connections sent it.
 *
 * <ul>
 * <li>{@code shape-connections}: token to {@link Connection}, expiring after the idle time (every use refreshes
 *     it). A dropped or expired connection's blob cache is retired at once.</li>
 * <li>{@code shape-blobs}: content hash to the one shared {@link FunctionBlob} instance.</li>
 * </ul>
 */
final class LocalConnections implements ConnectionStore {
    static final String CONNECTIONS = "shape-connections";
    static final String BLOBS = "shape-blobs";

    private final CacheManager manager;
    private final Cache<String, Connection> connections;
    private final Cache<FunctionHash, FunctionBlob> blobs;
    private final int maxEntries;
    private final long maxBytes;
    private final Consumer<RemoteBlobCache> retire;
    private final AtomicLong expired = new AtomicLong();

    /** {@code retire} takes the blob cache of a connection that was deleted or expired. */
    LocalConnections(CacheManager manager, WorkerConfig config, Consumer<RemoteBlobCache> retire) {
        this.manager = manager;
        this.maxEntries = config.cacheMaxEntries();
        this.maxBytes = config.cacheMaxBytes();
        this.retire = retire;
        Duration idle = new Duration(java.util.concurrent.TimeUnit.SECONDS, Math.max(1, config.idleExpiry().toSeconds()));
        MutableConfiguration<String, Connection> conns = new MutableConfiguration<String, Connection>()
                .setTypes(String.class, Connection.class)
                .setStoreByValue(false)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(idle))
                .setStatisticsEnabled(true);
        conns.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new Dropped(this)), null, true, true));
        connections = ConnectionStore.open(manager, CONNECTIONS, conns);
        blobs = ConnectionStore.open(manager, BLOBS, new MutableConfiguration<FunctionHash, FunctionBlob>()
                .setTypes(FunctionHash.class, FunctionBlob.class)
                .setStoreByValue(false)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(idle))
                .setStatisticsEnabled(true));
    }

    @Override
    public Connection create(String token, String principal, Instant now) {
        Connection c = new Connection(token, principal, now, new RemoteBlobCache(maxEntries, maxBytes));
        connections.put(token, c);
        return c;
    }

    @Override
    public Connection get(String token) {
        Connection c = connections.get(token);
        if (c != null) c.touch(Instant.now());
        return c;
    }

    @Override
    public boolean remove(Connection c) { return connections.remove(c.token(), c); }

    @Override
    public List<Connection> all() {
        List<Connection> all = new ArrayList<>();
        for (Cache.Entry<String, Connection> e : connections) all.add(e.getValue()); // iteration skips expired entries
        return all;
    }

    /** The one shared instance of each blob whose content hashes to its key, with the sender's own source map. */
    @Override
    public List<FunctionBlob> intern(Collection<FunctionBlob> batch) {
        List<FunctionBlob> shared = new ArrayList<>(batch.size());
        for (FunctionBlob b : batch) {
            if (!b.hashIsValid()) {
                shared.add(b);
                continue;
            }
            blobs.putIfAbsent(b.contentHash(), b);
            FunctionBlob held = blobs.get(b.contentHash());
            shared.add(held == null ? b : ConnectionRegistry.withSourceMap(held, b.sourceMap()));
        }
        return shared;
    }

    @Override
    public void clearBlobs() {
        for (Connection c : all()) c.blobs().clear();
        blobs.clear();
    }

    @Override
    public long hits() { return sum(RemoteBlobCache::hits); }

    @Override
    public long misses() { return sum(RemoteBlobCache::misses); }

    @Override
    public long evictions() { return sum(RemoteBlobCache::evictions); }

    @Override
    public long expired() { return expired.get(); }

    private long sum(ToLongFunction<RemoteBlobCache> counter) {
        long total = 0;
        for (Cache.Entry<String, Connection> e : connections) total += counter.applyAsLong((RemoteBlobCache) e.getValue().blobs());
        return total;
    }

    @Override
    public int members() { return 1; }

    @Override
    public boolean isUp() { return !manager.isClosed() && !connections.isClosed() && !blobs.isClosed(); }

    @Override
    public void close() { manager.close(); }

    private void dropped(Connection c, boolean byExpiry) {
        retire.accept((RemoteBlobCache) c.blobs());
        if (byExpiry) expired.incrementAndGet();
    }

    /** Retires the blob cache of a connection that was deleted or expired. */
    static final class Dropped implements CacheEntryRemovedListener<String, Connection>,
            CacheEntryExpiredListener<String, Connection>, Serializable {
        private final transient LocalConnections store;

        Dropped(LocalConnections store) { this.store = store; }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Connection>> events) {
            for (var e : events) if (e.getOldValue() != null) store.dropped(e.getOldValue(), false);
        }

        @Override
        public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends Connection>> events) {
            for (var e : events) if (e.getOldValue() != null) store.dropped(e.getOldValue(), true);
        }
    }
}
