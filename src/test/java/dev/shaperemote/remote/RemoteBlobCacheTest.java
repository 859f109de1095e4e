package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteBlobCacheTest {
    private static List<FunctionBlob> blobs(int n) {
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < n; i++) src.append("fn f").append(i).append("(x) { x + ").append(i).append(" }\n");
        List<FunctionBlob> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "f" + i;
            out.add(ShapeCompiler.compile(src.toString()).blobs().values().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow());
        }
        return out;
    }

    @Test
    void evictsTheLeastRecentlyUsedPastItsEntryBound() {
        List<FunctionBlob> b = blobs(4);
        RemoteBlobCache cache = new RemoteBlobCache(3, 1 << 20);
        cache.insertBlobs(b.subList(0, 3));
        assertNotNull(cache.get(b.get(0).contentHash())); // 0 is now the most recent
        cache.insert(b.get(3));
        assertEquals(3, cache.size());
        assertFalse(cache.contains(b.get(1).contentHash()), "1 was least recently used");
        assertTrue(cache.contains(b.get(0).contentHash()));
        assertEquals(1, cache.evictions());
    }

    @Test
    void containsDoesNotRefreshRecency() {
        List<FunctionBlob> b = blobs(3);
        RemoteBlobCache cache = new RemoteBlobCache(2, 1 << 20);
        cache.insertBlobs(b.subList(0, 2));
        assertTrue(cache.contains(b.get(0).contentHash()));
        cache.insert(b.get(2));
        assertFalse(cache.contains(b.get(0).contentHash()), "a contains() must not have saved it");
    }

    @Test
    void isBoundedInBytes() {
        List<FunctionBlob> b = blobs(10);
        long one = RemoteBlobCache.sizeOf(b.get(0));
        RemoteBlobCache cache = new RemoteBlobCache(1000, one * 3 + one / 2);
        cache.insertBlobs(b);
        assertTrue(cache.bytes() <= one * 3 + one / 2);
        assertEquals(3, cache.size());
        assertEquals(List.of(b.get(7).contentHash(), b.get(8).contentHash(), b.get(9).contentHash()), new ArrayList<>(cache.knownHashes()));
    }

    @Test
    void filterKnownAnswersOnlyWhatItHolds() {
        List<FunctionBlob> b = blobs(3);
        RemoteBlobCache cache = new RemoteBlobCache(10, 1 << 20);
        cache.insert(b.get(1));
        List<FunctionHash> offered = List.of(b.get(0).contentHash(), b.get(1).contentHash(), b.get(2).contentHash());
        assertEquals(List.of(b.get(1).contentHash()), cache.filterKnown(offered));
    }

    @Test
    void refusesABlobThatDoesNotHashToItsKey() {
        FunctionBlob good = blobs(1).get(0);
        FunctionBlob forged = good.withHash(blobs(2).get(1).contentHash());
        RemoteBlobCache cache = new RemoteBlobCache(10, 1 << 20);
        assertThrows(IllegalArgumentException.class, () -> cache.insertBlobs(List.of(good, forged)));
        assertEquals(0, cache.size(), "nothing of a batch with a forged blob goes in");
        assertNull(cache.get(forged.contentHash()));
    }

    @Test
    void staysConsistentUnderConcurrentUse() throws Exception {
        List<FunctionBlob> b = blobs(20);
        RemoteBlobCache cache = new RemoteBlobCache(8, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    FunctionBlob blob = b.get((i + offset) % b.size());
                    cache.insert(blob);
                    cache.get(blob.contentHash());
                    cache.filterKnown(List.of(blob.contentHash()));
                }
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        assertTrue(cache.size() <= 8);
        long sum = cache.knownHashes().stream().mapToLong(h -> RemoteBlobCache.sizeOf(cache.get(h))).sum();
        assertEquals(sum, cache.bytes(), "byte accounting matches the blobs held");
    }
}
