package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.remote.RemoteBlobCache;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.metrics.MetricRegistry;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection tokens and their blob caches, held in a JCache (JSR-107) from the configured provider
 * (Caffeine's embedded JCache by default).
 *
 * <ul>
 * <li>{@code shape-connections}: token to {@link Connection}, expiring after the configured idle time
 *     (every use refreshes it). A dropped or expired connection's blob cache is cleared at once.</li>
 * <li>{@code shape-blobs}: content hash to the one shared {@link FunctionBlob} instance. Connections
 *     store the instance from here (with their own source map, which the hash leaves out), so a blob many
 *     connections send is held in memory once. Only blobs
 *     whose content hashes to their key get in; each connection's own {@link RemoteBlobCache} stays the
 *     index that negotiation answers from.</li>
 * </ul>
 * Both caches store by reference: the values are live objects, never serialised.
 */
@ApplicationScoped
public class ConnectionRegistry {
    static final String CONNECTIONS = "shape-connections";
    static final String BLOBS = "shape-blobs";

    @Inject
    WorkerConfig config;
    @Inject
    MetricRegistry metrics;
    @Inject
    Quotas quotas;

    private CacheManager manager;
    private Cache<String, Connection> connections;
    private Cache<FunctionHash, FunctionBlob> blobs;
    /** Counters of connections already gone, so the cache metrics never go backwards. */
    private final AtomicLong goneHits = new AtomicLong(), goneMisses = new AtomicLong(), goneEvictions = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    /** Caches that belong to no token (WebSocket sessions), counted in the cache metrics while they live. */
    private final Set<RemoteBlobCache> sessionCaches = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void init() {
        ClassLoader loader = getClass().getClassLoader();
        CachingProvider provider = Caching.getCachingProvider(config.cacheProvider(), loader);
        manager = provider.getCacheManager(provider.getDefaultURI(), loader);
        Duration idle = new Duration(TimeUnit.SECONDS, Math.max(1, config.idleExpiry().toSeconds()));

        MutableConfiguration<String, Connection> conns = new MutableConfiguration<String, Connection>()
                .setTypes(String.class, Connection.class)
                .setStoreByValue(false)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(idle))
                .setStatisticsEnabled(true);
        conns.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new Dropped(this)), null, true, true));
        connections = cache(CONNECTIONS, conns);

        blobs = cache(BLOBS, new MutableConfiguration<FunctionHash, FunctionBlob>()
                .setTypes(FunctionHash.class, FunctionBlob.class)
                .setStoreByValue(false)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(idle))
                .setStatisticsEnabled(true));

        metrics.gauge("shape.connections.active", this, ConnectionRegistry::activeCount);
        metrics.gauge("shape.blob.cache.hits", this, r -> r.sum(RemoteBlobCache::hits) + r.goneHits.get());
        metrics.gauge("shape.blob.cache.misses", this, r -> r.sum(RemoteBlobCache::misses) + r.goneMisses.get());
        metrics.gauge("shape.blob.cache.evictions", this, r -> r.sum(RemoteBlobCache::evictions) + r.goneEvictions.get());
        metrics.gauge("shape.connections.expired", expired, AtomicLong::get);
    }

    private <K, V> Cache<K, V> cache(String name, MutableConfiguration<K, V> configuration) {
        Cache<K, V> existing = manager.getCache(name, configuration.getKeyType(), configuration.getValueType());
        return existing != null ? existing : manager.createCache(name, configuration);
    }

    @PreDestroy
    void close() {
        if (manager != null) manager.close();
    }

    /**
     * A new connection for {@code principal}; Overloaded (429) when the principal holds its quota of connections,
     * Overloaded (503) when the worker's maximum already exists.
     */
    public Connection create(String principal) {
        quotas.check(Quotas.Kind.CONNECTIONS, countOf(principal));
        if (activeCount() >= config.maxConnections()) {
            throw WorkerFailure.overloaded("the worker holds its maximum of " + config.maxConnections()
                    + " connections; delete unused ones or retry later", config.retryAfterSeconds());
        }
        Instant now = Instant.now();
        Connection c = new Connection(Tokens.next(), principal, now,
                new RemoteBlobCache(config.cacheMaxEntries(), config.cacheMaxBytes()));
        connections.put(c.token(), c);
        return c;
    }

    /** The live connection with this token for this principal, refreshing its idle time; null when there is none. */
    public Connection find(String token, String principal) {
        if (!Tokens.wellFormed(token)) return null;
        Connection c = connections.get(token);
        if (c == null || !c.principal().equals(principal)) return null; // someone else's token looks unknown
        c.touch(Instant.now());
        return c;
    }

    /** Drops a connection and its cache; false when the token is unknown (or not this principal's). */
    public boolean delete(String token, String principal) {
        Connection c = find(token, principal);
        return c != null && connections.remove(token, c);
    }

    /** When {@code c} expires if it stays idle. */
    public Instant expiresAt(Connection c) { return c.lastUsed().plus(config.idleExpiry()); }

    /**
     * The shared instances of {@code batch}: for each blob whose content hashes to its key, the one
     * instance every connection holds. Blobs that fail the check come back unchanged, for the
     * connection's cache to refuse.
     *
     * <p>The cache provider may be remote (a Hazelcast cluster): a failing operation is tried again with jitter, a
     * provider that keeps failing opens the circuit, and meanwhile {@link #unshared} answers, so the call runs with
     * its own copies of the blobs (held once per connection instead of once per worker) rather than failing.
     */
    @Retry(maxRetries = 2, delay = 50, jitter = 25, abortOn = {Error.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000)
    @Fallback(fallbackMethod = "unshared")
    public List<FunctionBlob> intern(Collection<FunctionBlob> batch) {
        List<FunctionBlob> shared = new ArrayList<>(batch.size());
        for (FunctionBlob b : batch) {
            if (!b.hashIsValid()) {
                shared.add(b);
                continue;
            }
            blobs.putIfAbsent(b.contentHash(), b);
            FunctionBlob held = blobs.get(b.contentHash());
            shared.add(held == null ? b : withOwnSourceMap(held, b));
        }
        return shared;
    }

    /** The degraded answer of {@link #intern}: the caller's own blobs, unshared. */
    public List<FunctionBlob> unshared(Collection<FunctionBlob> batch) { return List.copyOf(batch); }

    /** The live connections of one principal. */
    public int countOf(String principal) {
        int n = 0;
        for (Cache.Entry<String, Connection> e : connections) if (e.getValue().principal().equals(principal)) n++;
        return n;
    }

    /**
     * The shared blob's code, constants and strings with the sender's own source map. The source map is not part
     * of the content hash, so two callers' copies of one function may place it on different lines; a runtime
     * error must name the lines of the caller's own copy, never another caller's.
     */
    static FunctionBlob withOwnSourceMap(FunctionBlob held, FunctionBlob sent) {
        if (sameSourceMap(held.sourceMap(), sent.sourceMap())) return held;
        return new FunctionBlob(held.contentHash(), held.name(), held.arity(), held.paramNames(), held.localsCount(),
                held.isClosure(), held.capturesCount(), held.isAsync(), held.instructions(), held.constants(), held.strings(),
                held.dependencies(), held.typeSchemas(), sent.sourceMap());
    }

    private static boolean sameSourceMap(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!java.util.Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    public int activeCount() {
        int n = 0;
        for (Cache.Entry<String, Connection> ignored : connections) n++; // iteration skips expired entries
        return n;
    }

    /** Whether the caches are open (for readiness). */
    public boolean isUp() {
        return manager != null && !manager.isClosed() && !connections.isClosed() && !blobs.isClosed();
    }

    // Operator views and actions for the admin MBeans: no principal check, the admin path is the operator's.

    /** The live connections (a snapshot). */
    public List<Connection> connections() {
        List<Connection> all = new ArrayList<>();
        for (Cache.Entry<String, Connection> e : connections) all.add(e.getValue());
        return all;
    }

    /** Empties one connection's blob cache (the token stays valid, its next call is cold); false when unknown. */
    public boolean evictBlobs(String token) {
        Connection c = Tokens.wellFormed(token) ? connections.get(token) : null;
        if (c == null) return false;
        c.blobs().clear();
        return true;
    }

    /** Empties every connection's blob cache and the shared blob store; answers how many connections it cleared. */
    public int clearAllBlobs() {
        List<Connection> all = connections();
        for (Connection c : all) c.blobs().clear();
        blobs.clear();
        return all.size();
    }

    /** Cache counters since the start, connections already gone included. */
    public long totalHits() { return sum(RemoteBlobCache::hits) + goneHits.get(); }

    public long totalMisses() { return sum(RemoteBlobCache::misses) + goneMisses.get(); }

    public long totalEvictions() { return sum(RemoteBlobCache::evictions) + goneEvictions.get(); }

    /** Counts a cache that no token names (a WebSocket session's) in the cache metrics until it is retired. */
    public void track(RemoteBlobCache cache) { sessionCaches.add(cache); }

    /** A cache that no token names is done (its request ended, its session closed): keeps its counts and empties it. */
    public void retire(RemoteBlobCache cache) {
        sessionCaches.remove(cache);
        goneHits.addAndGet(cache.hits());
        goneMisses.addAndGet(cache.misses());
        goneEvictions.addAndGet(cache.evictions());
        cache.clear();
    }

    private long sum(java.util.function.ToLongFunction<RemoteBlobCache> counter) {
        long total = 0;
        for (Cache.Entry<String, Connection> e : connections) total += counter.applyAsLong(e.getValue().blobs());
        for (RemoteBlobCache c : sessionCaches) total += counter.applyAsLong(c);
        return total;
    }

    private void dropped(Connection c, boolean byExpiry) {
        retire(c.blobs());
        if (byExpiry) expired.incrementAndGet();
    }

    /** Clears the blob cache of a connection that was deleted or expired. */
    static final class Dropped implements CacheEntryRemovedListener<String, Connection>,
            CacheEntryExpiredListener<String, Connection>, Serializable {
        private final transient ConnectionRegistry registry;

        Dropped(ConnectionRegistry registry) { this.registry = registry; }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Connection>> events) {
            for (var e : events) if (e.getOldValue() != null) registry.dropped(e.getOldValue(), false);
        }

        @Override
        public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends Connection>> events) {
            for (var e : events) if (e.getOldValue() != null) registry.dropped(e.getOldValue(), true);
        }
    }
}
