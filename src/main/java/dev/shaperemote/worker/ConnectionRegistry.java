package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RemoteBlobCache;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.metrics.MetricRegistry;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connection tokens and their blob caches, held in a JCache (JSR-107) from the configured provider: this facade
 * checks owners and quotas, a {@link ConnectionStore} holds.
 *
 * <ul>
 * <li>A provider that stores by reference (Caffeine's, the default) keeps everything in this JVM
 *     ({@link LocalConnections}).</li>
 * <li>One that stores by value (Hazelcast's) is a fleet's: every worker sees every connection and its blobs
 *     ({@link FleetConnections}). With a member list in configuration this worker starts its own member
 *     ({@link FleetMember}); without one the server's own data grid serves ({@link ServerGrid}: Payara's).</li>
 * </ul>
 * Each connection's blob cache stays the index that negotiation answers from, so nobody learns what another
 * connection holds.
 */
@ApplicationScoped
public class ConnectionRegistry {
    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class.getName());

    @Inject
    WorkerConfig config;
    @Inject
    MetricRegistry metrics;
    @Inject
    Quotas quotas;

    /** Package-private: a test puts a store whose cluster is gone under the registry. */
    ConnectionStore store;
    /** Counters of caches already gone, so the cache metrics never go backwards. */
    private final AtomicLong goneHits = new AtomicLong(), goneMisses = new AtomicLong(), goneEvictions = new AtomicLong();
    /** Caches that belong to no token (WebSocket sessions), counted in the cache metrics while they live. */
    private final Set<RemoteBlobCache> sessionCaches = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void init() {
        store = open(config, getClass().getClassLoader(), this::retire);
        metrics.gauge("shape.connections.active", this, ConnectionRegistry::activeCount);
        metrics.gauge("shape.blob.cache.hits", this, ConnectionRegistry::totalHits);
        metrics.gauge("shape.blob.cache.misses", this, ConnectionRegistry::totalMisses);
        metrics.gauge("shape.blob.cache.evictions", this, ConnectionRegistry::totalEvictions);
        metrics.gauge("shape.connections.expired", this, r -> r.store.expired());
    }

    /** The store the configured provider gives: local when it stores by reference, the fleet's when by value. */
    static ConnectionStore open(WorkerConfig config, ClassLoader loader, Consumer<RemoteBlobCache> retire) {
        CachingProvider provider = Caching.getCachingProvider(config.cacheProvider(), loader);
        if (provider.isSupported(OptionalFeature.STORE_BY_REFERENCE) && !FleetMember.isHazelcast(provider)) {
            return new LocalConnections(provider.getCacheManager(provider.getDefaultURI(), loader), config, retire);
        }
        if (!FleetMember.isHazelcast(provider)) {
            CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), loader);
            return new FleetConnections(manager, manager, config);
        }
        WorkerConfig.Fleet fleet = config.fleet();
        if (fleet.members().isEmpty()) return new FleetConnections(ServerGrid.cacheManager(), null, config);
        FleetMember member = FleetMember.join(fleet, loader);
        try {
            CacheManager manager = member.cacheManager(loader);
            return new FleetConnections(manager, () -> { manager.close(); member.close(); }, config);
        } catch (RuntimeException e) {
            member.close();
            throw e;
        }
    }

    /**
     * A store operation. A store that fails (a fleet whose cluster lost its members, a provider that stopped) is the
     * caller's Overloaded (503 with Retry-After), never a stack trace: the caller retries, on this worker or another.
     */
    private <T> T stored(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (WorkerFailure f) {
            throw f;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the connection store failed", e);
            throw WorkerFailure.overloaded("this worker's store of connections does not answer; retry later or on another worker",
                    config.retryAfterSeconds());
        }
    }

    @PreDestroy
    void close() {
        if (store != null) store.close();
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
        return stored(() -> store.create(Tokens.next(), principal, Instant.now()));
    }

    /** The live connection with this token for this principal, refreshing its idle time; null when there is none. */
    public Connection find(String token, String principal) {
        if (!Tokens.wellFormed(token)) return null;
        Connection c = stored(() -> store.get(token));
        if (c == null || !c.principal().equals(principal)) return null; // someone else's token looks unknown
        return c;
    }

    /** Drops a connection and its cache; false when the token is unknown (or not this principal's). */
    public boolean delete(String token, String principal) {
        Connection c = find(token, principal);
        return c != null && stored(() -> store.remove(c));
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
    public List<FunctionBlob> intern(Collection<FunctionBlob> batch) { return store.intern(batch); }

    /** The degraded answer of {@link #intern}: the caller's own blobs, unshared. */
    public List<FunctionBlob> unshared(Collection<FunctionBlob> batch) { return List.copyOf(batch); }

    /** The live connections of one principal. */
    public int countOf(String principal) {
        int n = 0;
        for (Connection c : stored(store::all)) if (c.principal().equals(principal)) n++;
        return n;
    }

    /**
     * The shared blob's code, constants and strings with a sender's own source map. The source map is not part
     * of the content hash, so two callers' copies of one function may place it on different lines; a runtime
     * error must name the lines of the caller's own copy, never another caller's.
     */
    static FunctionBlob withSourceMap(FunctionBlob held, List<int[]> sourceMap) {
        if (sameSourceMap(held.sourceMap(), sourceMap)) return held;
        return new FunctionBlob(held.contentHash(), held.name(), held.arity(), held.paramNames(), held.localsCount(),
                held.isClosure(), held.capturesCount(), held.isAsync(), held.instructions(), held.constants(), held.strings(),
                held.dependencies(), held.typeSchemas(), sourceMap);
    }

    private static boolean sameSourceMap(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!java.util.Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    public int activeCount() {
        return stored(store::all).size();
    }

    /** Workers of the fleet this one belongs to (its own view); 1 for a single server. */
    public int members() { return store == null ? 1 : store.members(); }

    /** Whether the caches are open (for readiness). */
    public boolean isUp() {
        return store != null && store.isUp();
    }

    // Operator views and actions for the admin MBeans: no principal check, the admin path is the operator's.

    /** The live connections (a snapshot). */
    public List<Connection> connections() {
        return stored(store::all);
    }

    /** Empties one connection's blob cache (the token stays valid, its next call is cold); false when unknown. */
    public boolean evictBlobs(String token) {
        Connection c = Tokens.wellFormed(token) ? stored(() -> store.get(token)) : null;
        if (c == null) return false;
        c.blobs().clear();
        return true;
    }

    /** Empties every connection's blob cache and the shared blob store; answers how many connections it cleared. */
    public int clearAllBlobs() {
        int n = stored(store::all).size();
        stored(() -> {
            store.clearBlobs();
            return n;
        });
        return n;
    }

    /** Cache counters since the start, connections already gone included. */
    public long totalHits() { return store.hits() + sum(RemoteBlobCache::hits) + goneHits.get(); }

    public long totalMisses() { return store.misses() + sum(RemoteBlobCache::misses) + goneMisses.get(); }

    public long totalEvictions() { return store.evictions() + sum(RemoteBlobCache::evictions) + goneEvictions.get(); }

    /** Counts a cache that no token names (a WebSocket session's) in the cache metrics until it is retired. */
    public void track(RemoteBlobCache cache) { sessionCaches.add(cache); }

    /**
     * A cache that no token names is done (its request ended, its session closed), or a local connection's was
     * dropped: keeps its counts and empties it. A fleet connection's blobs outlive the request.
     */
    public void retire(BlobCache done) {
        if (!(done instanceof RemoteBlobCache cache)) return;
        sessionCaches.remove(cache);
        goneHits.addAndGet(cache.hits());
        goneMisses.addAndGet(cache.misses());
        goneEvictions.addAndGet(cache.evictions());
        cache.clear();
    }

    /** The sum of {@code counter} over the caches that no token names (the stores count their own). */
    private long sum(java.util.function.ToLongFunction<RemoteBlobCache> counter) {
        long total = 0;
        for (RemoteBlobCache c : sessionCaches) total += counter.applyAsLong(c);
        return total;
    }
}
