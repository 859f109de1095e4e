package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionBlob;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Where the connections and their blobs live: in this JVM ({@link LocalConnections}, a provider that stores by
 * reference) or in a cluster every worker of a fleet shares ({@link FleetConnections}, one that stores by value).
 * {@link ConnectionRegistry} checks principals and quotas; a store only holds.
 */
sealed interface ConnectionStore permits LocalConnections, FleetConnections {
    /** A new connection, stored. */
    Connection create(String token, String principal, Instant now);

    /** The connection with this token, whoever owns it; null when there is none. Counts as a use (idle expiry). */
    Connection get(String token);

    /** Drops a connection and its blobs; false when it was already gone. */
    boolean remove(Connection c);

    /** The live connections (a snapshot). */
    List<Connection> all();

    /** The blobs of {@code batch} as this store shares them between connections (see ConnectionRegistry.intern). */
    List<FunctionBlob> intern(Collection<FunctionBlob> batch);

    /** Empties every connection's blobs and the shared blobs. */
    void clearBlobs();

    /** Counters of the connections' blob caches since the start, connections already gone included. */
    long hits();

    long misses();

    long evictions();

    /** Connections that expired since the start (those this worker saw expire). */
    long expired();

    /** Workers that share this store (this worker's own view, without asking the network); 1 for a single server. */
    int members();

    boolean isUp();

    void close();

    /** The cache {@code name} of {@code manager}, created with {@code configuration} unless it exists. */
    static <K, V> Cache<K, V> open(CacheManager manager, String name, MutableConfiguration<K, V> configuration) {
        Cache<K, V> existing = manager.getCache(name, configuration.getKeyType(), configuration.getValueType());
        return existing != null ? existing : manager.createCache(name, configuration);
    }
}
