package dev.shaperemote.worker;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.wire.BlobCodec;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Connections held in a JCache that stores by value and that every worker of a fleet shares (Hazelcast): a
 * connection opened on one worker is known to all, with the blobs it holds.
 *
 * <ul>
 * <li>{@code shape-fleet-connections}: token to its {@link FleetRecord} (owner and blob index), expiring after
 *     the idle time; every use refreshes it.</li>
 * <li>{@code shape-fleet-blobs}: content hash to the blob's bytes, stored once per fleet.</li>
 * </ul>
 * Blobs never change for a hash, so each worker keeps the ones it decoded in a near cache: a warm call reads the
 * connection's record (one lookup) and nothing else.
 */
final class FleetConnections implements ConnectionStore {
    static final String CONNECTIONS = "shape-fleet-connections";
    static final String BLOBS = "shape-fleet-blobs";

    private final CacheManager manager;
    private final AutoCloseable started;
    private final Cache<String, byte[]> connections;
    private final Cache<String, byte[]> blobs;
    private final com.github.benmanes.caffeine.cache.Cache<FunctionHash, FunctionBlob> near;
    private final int maxEntries;
    private final long maxBytes;
    private final java.time.Duration idle;
    private final LongAdder hits = new LongAdder(), misses = new LongAdder(), evictions = new LongAdder();
    private final IntSupplier members;

    /**
     * {@code started} is closed with the store: what this worker started for it (its cache manager, its cluster
     * member); null when both are the server's (Payara's data grid, which other applications share).
     */
    FleetConnections(CacheManager manager, AutoCloseable started, WorkerConfig config) {
        this.manager = manager;
        this.started = started;
        this.maxEntries = config.cacheMaxEntries();
        this.maxBytes = config.cacheMaxBytes();
        this.idle = config.idleExpiry();
        this.members = FleetMember.members(manager);
        Duration expiry = new Duration(TimeUnit.SECONDS, Math.max(1, idle.toSeconds()));
        connections = ConnectionStore.open(manager, CONNECTIONS, new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(expiry)));
        blobs = ConnectionStore.open(manager, BLOBS, new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(expiry)));
        near = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maxBytes))
                .weigher((FunctionHash h, FunctionBlob b) -> (int) Math.min(Integer.MAX_VALUE, RemoteBlobCache.sizeOf(b)))
                .build();
    }

    @Override
    public Connection create(String token, String principal, Instant now) {
        FleetRecord record = new FleetRecord(principal, now.toEpochMilli(), List.of());
        connections.put(token, record.encode());
        return connection(token, record);
    }

    @Override
    public Connection get(String token) {
        byte[] bytes = connections.get(token);
        return bytes == null ? null : connection(token, FleetRecord.decode(bytes));
    }

    private Connection connection(String token, FleetRecord record) {
        return new Connection(token, record.principal(), Instant.ofEpochMilli(record.createdAtMillis()),
                new Index(token, record), new AtomicReference<>(Instant.now()));
    }

    @Override
    public boolean remove(Connection c) { return connections.remove(c.token()); }

    @Override
    public List<Connection> all() {
        List<Connection> all = new ArrayList<>();
        for (Cache.Entry<String, byte[]> e : connections) all.add(connection(e.getKey(), FleetRecord.decode(e.getValue())));
        return all;
    }

    /** Blobs are shared by hash in the cluster when a connection takes them ({@link Index#insertBlobs}). */
    @Override
    public List<FunctionBlob> intern(Collection<FunctionBlob> batch) { return List.copyOf(batch); }

    @Override
    public void clearBlobs() {
        for (Connection c : all()) c.blobs().clear();
        blobs.clear();
        near.invalidateAll();
    }

    @Override
    public long hits() { return hits.sum(); }

    @Override
    public long misses() { return misses.sum(); }

    @Override
    public long evictions() { return evictions.sum(); }

    /** Expiry happens on whichever member owns the entry; this worker does not see it. */
    @Override
    public long expired() { return 0; }

    @Override
    public int members() { return members.getAsInt(); }

    @Override
    public boolean isUp() { return !manager.isClosed() && !connections.isClosed() && !blobs.isClosed(); }

    @Override
    public void close() {
        if (started == null) return;
        try {
            started.close();
        } catch (Exception e) {
            throw new IllegalStateException("the fleet's cache manager or member did not stop: " + e.getMessage(), e);
        }
    }

    /** The blob with this hash: this worker's decoded copy, else the fleet's bytes; null when the fleet lost it. */
    private FunctionBlob blob(FunctionHash hash) {
        FunctionBlob b = near.getIfPresent(hash);
        if (b != null) return b;
        byte[] bytes = blobs.get(hash.hex());
        if (bytes == null) return null;
        b = BlobCodec.decode(bytes);
        near.put(hash, b);
        return b;
    }

    /**
     * One connection's blobs as a call sees them: the index read with the connection, the code from the near cache
     * or the fleet. Inserting writes the blobs' bytes once per fleet and the index with a compare-and-set, so two
     * workers adding blobs to one connection at once both keep theirs.
     */
    private final class Index implements BlobCache {
        /** Compare-and-set rounds before an update gives up: far past what concurrent calls of one connection need. */
        private static final int MAX_ATTEMPTS = 64;
        private final String token;
        private final AtomicReference<FleetRecord> record;

        Index(String token, FleetRecord record) {
            this.token = token;
            this.record = new AtomicReference<>(record);
        }

        @Override
        public FunctionBlob get(FunctionHash hash) {
            FleetRecord.Held held = record.get().index().get(hash);
            FunctionBlob b = held == null ? null : blob(hash);
            if (b == null) {
                misses.increment();
                return null;
            }
            hits.increment();
            return ConnectionRegistry.withSourceMap(b, held.sourceMap());
        }

        @Override
        public boolean contains(FunctionHash hash) { return !filterKnown(List.of(hash)).isEmpty(); }

        /** Held by the connection, and its code still in the fleet (or on this worker). */
        @Override
        public List<FunctionHash> filterKnown(Collection<FunctionHash> offered) {
            Map<FunctionHash, FleetRecord.Held> index = record.get().index();
            List<FunctionHash> held = new ArrayList<>();
            Set<String> fetch = new LinkedHashSet<>();
            for (FunctionHash h : new LinkedHashSet<>(offered)) {
                if (!index.containsKey(h)) continue;
                held.add(h);
                if (near.getIfPresent(h) == null) fetch.add(h.hex());
            }
            if (!fetch.isEmpty()) {
                for (Map.Entry<String, byte[]> e : blobs.getAll(fetch).entrySet()) {
                    near.put(FunctionHash.fromHex(e.getKey()), BlobCodec.decode(e.getValue()));
                }
            }
            held.removeIf(h -> near.getIfPresent(h) == null);
            return held;
        }

        @Override
        public List<FunctionBlob> findByName(String name) {
            List<FunctionBlob> found = new ArrayList<>();
            for (FleetRecord.Held h : record.get().held()) {
                if (!h.name().equals(name)) continue;
                FunctionBlob b = blob(h.hash());
                if (b != null) found.add(ConnectionRegistry.withSourceMap(b, h.sourceMap()));
            }
            return found;
        }

        @Override
        public void insertBlobs(Collection<FunctionBlob> batch) {
            for (FunctionBlob b : batch) {
                if (!b.hashIsValid()) throw new IllegalArgumentException("blob hash mismatch for function '" + b.name() + "'");
            }
            List<FleetRecord.Held> added = new ArrayList<>();
            for (FunctionBlob b : batch) {
                long size = RemoteBlobCache.sizeOf(b);
                if (size > maxBytes) continue; // could never fit; callers simply resend it
                if (near.getIfPresent(b.contentHash()) == null) {
                    blobs.putIfAbsent(b.contentHash().hex(), BlobCodec.encode(b));
                    near.put(b.contentHash(), b);
                }
                added.add(new FleetRecord.Held(b.contentHash(), b.name(), size, b.sourceMap()));
            }
            if (!added.isEmpty()) update(r -> r.with(added, maxEntries, maxBytes, evictions));
        }

        @Override
        public void clear() { update(FleetRecord::emptied); }

        @Override
        public int size() { return record.get().held().size(); }

        @Override
        public long bytes() { return record.get().bytes(); }

        /**
         * Applies {@code change} to the fleet's current record with a compare-and-set, retried when another worker
         * wrote in between. A connection deleted meanwhile stays deleted: only this call's view changes.
         */
        private void update(java.util.function.UnaryOperator<FleetRecord> change) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                byte[] current = connections.get(token);
                if (current == null) {
                    record.set(change.apply(record.get()));
                    return;
                }
                FleetRecord next = change.apply(FleetRecord.decode(current));
                byte[] encoded = next.encode();
                if (Arrays.equals(current, encoded) || connections.replace(token, current, encoded)) {
                    record.set(next);
                    return;
                }
            }
            throw new IllegalStateException("connection's blob index changed " + MAX_ATTEMPTS + " times while this call updated it");
        }
    }
}
