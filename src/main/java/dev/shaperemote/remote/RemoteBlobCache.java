package dev.shaperemote.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

/**
 * The blobs one connection has sent, a Caffeine cache bounded by entries and by estimated bytes. {@link #get}
 * counts as a use, {@link #contains}, {@link #filterKnown} and {@link #findByName} do not (answering a
 * negotiation must not keep blobs alive). Only blobs whose content hashes to their key get in; the hashes are
 * checked before the cache is touched, so no lock is held while they are computed. Thread-safe.
 *
 * <p>Caffeine bounds one weight, so both bounds are one: a blob weighs its estimated bytes but at least its
 * share of the byte bound ({@code maxBytes / maxEntries}), so at most {@code maxEntries} blobs and at most
 * {@code maxBytes} estimated bytes are held. Which blob goes first is Caffeine's choice (recency and
 * frequency of use, W-TinyLFU), not strictly the least recently used.
 */
public final class RemoteBlobCache implements BlobCache {
    /** The estimate of the smallest blob ({@link #sizeOf}). */
    private static final long MIN_SIZE = 128;

    private final long maxBytes;
    private final long minWeight;
    private final Cache<FunctionHash, FunctionBlob> blobs;
    private final Policy<FunctionHash, FunctionBlob> policy;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    public RemoteBlobCache(int maxEntries, long maxBytes) { this(maxEntries, maxBytes, ForkJoinPool.commonPool()); }

    /** As {@link #RemoteBlobCache(int, long)}, Caffeine's upkeep (eviction) run by {@code upkeep}. */
    RemoteBlobCache(int maxEntries, long maxBytes, Executor upkeep) {
        if (maxEntries <= 0 || maxBytes <= 0) throw new IllegalArgumentException("cache bounds must be positive");
        this.maxBytes = maxBytes;
        long share = maxBytes / maxEntries;
        // A share below the smallest blob never binds: the byte bound alone then holds fewer than maxEntries.
        this.minWeight = share < MIN_SIZE ? 0 : Math.min(Integer.MAX_VALUE, share);
        this.blobs = Caffeine.newBuilder()
                .maximumWeight(minWeight == 0 ? maxBytes : share * maxEntries)
                .weigher((FunctionHash h, FunctionBlob b) -> weight(b))
                .evictionListener((FunctionHash h, FunctionBlob b, RemovalCause cause) -> {
                    if (cause.wasEvicted()) evictions.increment();
                })
                .executor(upkeep)
                .build();
        this.policy = blobs.policy();
    }

    private int weight(FunctionBlob b) { return (int) Math.min(Integer.MAX_VALUE, Math.max(minWeight, sizeOf(b))); }

    /** The blob with this hash, refreshing its recency; null when not held. */
    @Override
    public FunctionBlob get(FunctionHash hash) {
        FunctionBlob b = blobs.getIfPresent(hash);
        (b == null ? misses : hits).increment();
        return b;
    }

    /** Whether the blob is held, without refreshing its recency. */
    @Override
    public boolean contains(FunctionHash hash) { return policy.getIfPresentQuietly(hash) != null; }

    /** The subset of {@code offered} this cache holds, in the order offered, without refreshing their recency. */
    @Override
    public List<FunctionHash> filterKnown(Collection<FunctionHash> offered) {
        List<FunctionHash> known = new ArrayList<>();
        for (FunctionHash h : new LinkedHashSet<>(offered)) if (contains(h)) known.add(h);
        return known;
    }

    /** Blobs with this function name, without refreshing their recency (to find the peers of a recursive cycle). */
    @Override
    public List<FunctionBlob> findByName(String name) {
        List<FunctionBlob> found = new ArrayList<>();
        for (FunctionBlob b : blobs.asMap().values()) if (b.name().equals(name)) found.add(b);
        return found;
    }

    public Set<FunctionHash> knownHashes() { return new LinkedHashSet<>(blobs.asMap().keySet()); }

    /**
     * Adds blobs, evicting others past the bounds. A blob whose content does not hash to its {@code contentHash}
     * is refused with an IllegalArgumentException and nothing of the batch is inserted.
     */
    @Override
    public void insertBlobs(Collection<FunctionBlob> batch) {
        for (FunctionBlob b : batch) {
            if (!b.hashIsValid()) throw new IllegalArgumentException("blob hash mismatch for function '" + b.name() + "'");
        }
        for (FunctionBlob b : batch) {
            if (sizeOf(b) > maxBytes) continue; // could never fit; callers simply resend it
            blobs.put(b.contentHash(), b);
        }
    }

    public void insert(FunctionBlob blob) { insertBlobs(List.of(blob)); }

    @Override
    public void clear() { blobs.invalidateAll(); }

    /** Blobs held, once pending evictions are done. */
    @Override
    public int size() {
        blobs.cleanUp();
        return blobs.asMap().size();
    }

    /** Estimated bytes of the blobs held, once pending evictions are done. */
    @Override
    public long bytes() {
        blobs.cleanUp();
        long total = 0;
        for (FunctionBlob b : blobs.asMap().values()) total += sizeOf(b);
        return total;
    }

    public long hits() { return hits.sum(); }

    public long misses() { return misses.sum(); }

    public long evictions() { return evictions.sum(); }

    /** Estimated bytes a blob holds. */
    public static long sizeOf(FunctionBlob b) {
        long size = MIN_SIZE + b.instructions().length + 16L * b.constants().size() + 32L * b.dependencies().size();
        for (String s : b.strings()) size += 16 + 2L * s.length();
        for (String s : b.paramNames()) size += 16 + 2L * s.length();
        for (Object c : b.constants()) if (c instanceof String s) size += 2L * s.length();
        return size + 12L * b.sourceMap().size() + 2L * b.name().length();
    }
}
