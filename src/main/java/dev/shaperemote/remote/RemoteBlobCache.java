package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blobs one connection has sent, bounded by entries and by bytes, evicting the least recently
 * used first. {@link #get} counts as a use, {@link #contains} does not (answering a negotiation must
 * not keep blobs alive). Only blobs whose content hashes to their key get in. Thread-safe.
 */
public final class RemoteBlobCache {
    private final int maxEntries;
    private final long maxBytes;
    /** Access-ordered: iteration starts at the least recently used blob. */
    private final LinkedHashMap<FunctionHash, FunctionBlob> blobs = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    public RemoteBlobCache(int maxEntries, long maxBytes) {
        if (maxEntries <= 0 || maxBytes <= 0) throw new IllegalArgumentException("cache bounds must be positive");
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The blob with this hash, refreshing its recency; null when not held. */
    public synchronized FunctionBlob get(FunctionHash hash) {
        FunctionBlob b = blobs.get(hash);
        if (b == null) misses++; else hits++;
        return b;
    }

    /** Whether the blob is held, without refreshing its recency. */
    public synchronized boolean contains(FunctionHash hash) { return blobs.containsKey(hash); }

    /** The subset of {@code offered} this cache holds, in the order offered. */
    public synchronized List<FunctionHash> filterKnown(Collection<FunctionHash> offered) {
        List<FunctionHash> known = new ArrayList<>();
        for (FunctionHash h : new LinkedHashSet<>(offered)) if (blobs.containsKey(h)) known.add(h);
        return known;
    }

    /** Blobs with this function name, without refreshing their recency (to find the peers of a recursive cycle). */
    public synchronized List<FunctionBlob> findByName(String name) {
        List<FunctionBlob> found = new ArrayList<>();
        for (FunctionBlob b : blobs.values()) if (b.name().equals(name)) found.add(b);
        return found;
    }

    public synchronized Set<FunctionHash> knownHashes() { return new LinkedHashSet<>(blobs.keySet()); }

    /**
     * Adds blobs, evicting the least recently used ones past the bounds. A blob whose content does
     * not hash to its {@code contentHash} is refused with an IllegalArgumentException and nothing
     * of the batch is inserted.
     */
    public synchronized void insertBlobs(Collection<FunctionBlob> batch) {
        for (FunctionBlob b : batch) {
            if (!b.hashIsValid()) throw new IllegalArgumentException("blob hash mismatch for function '" + b.name() + "'");
        }
        for (FunctionBlob b : batch) {
            long size = sizeOf(b);
            if (size > maxBytes) continue; // could never fit; callers simply resend it
            FunctionBlob old = blobs.put(b.contentHash(), b);
            if (old != null) bytes -= sizeOf(old);
            bytes += size;
        }
        evict();
    }

    public void insert(FunctionBlob blob) { insertBlobs(List.of(blob)); }

    private void evict() {
        Iterator<Map.Entry<FunctionHash, FunctionBlob>> it = blobs.entrySet().iterator();
        while ((blobs.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            bytes -= sizeOf(it.next().getValue());
            it.remove();
            evictions++;
        }
    }

    public synchronized void clear() {
        blobs.clear();
        bytes = 0;
    }

    public synchronized int size() { return blobs.size(); }

    public synchronized long bytes() { return bytes; }

    public synchronized long hits() { return hits; }

    public synchronized long misses() { return misses; }

    public synchronized long evictions() { return evictions; }

    /** Estimated bytes a blob holds. */
    static long sizeOf(FunctionBlob b) {
        long size = 128L + b.instructions().length + 16L * b.constants().size() + 32L * b.dependencies().size();
        for (String s : b.strings()) size += 16 + 2L * s.length();
        for (String s : b.paramNames()) size += 16 + 2L * s.length();
        for (Object c : b.constants()) if (c instanceof String s) size += 2L * s.length();
        return size + 12L * b.sourceMap().size() + 2L * b.name().length();
    }
}
