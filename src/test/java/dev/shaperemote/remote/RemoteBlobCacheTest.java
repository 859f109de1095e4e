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
import java.util.function.Consumer;

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

    /** A cache whose upkeep runs on the calling thread, so evictions are done when a call returns. */
    private static RemoteBlobCache cache(int maxEntries, long maxBytes) {
        return new RemoteBlobCache(maxEntries, maxBytes, Runnable::run);
    }

    /**
     * A cache of three blobs, the first three of {@code b}, with which {@code meanwhile} does what it likes
     * before the rest of {@code b} comes in one at a time, as calls bring them.
     */
    private static RemoteBlobCache history(List<FunctionBlob> b, Consumer<RemoteBlobCache> meanwhile) {
        RemoteBlobCache cache = cache(3, 1 << 20);
        cache.insertBlobs(b.subList(0, 3));
        meanwhile.accept(cache);
        for (int i = 3; i < b.size(); i++) cache.insert(b.get(i));
        return cache;
    }

    private final List<FunctionBlob> twelve = blobs(12);
    private final FunctionHash first = twelve.get(0).contentHash();
    /** The history with nothing done meanwhile: the first blob is gone at its end. */
    private final RemoteBlobCache unused = history(twelve, c -> { });

    @Test
    void staysWithinItsEntryBoundAndAGetKeepsABlobThatWouldOtherwiseGo() {
        RemoteBlobCache used = history(twelve, c -> {
            for (int i = 0; i < 3; i++) assertNotNull(c.get(first));
        });
        for (RemoteBlobCache c : List.of(used, unused)) {
            assertEquals(3, c.size());
            assertEquals(9, c.evictions());
        }
        assertFalse(unused.contains(first), "a blob nobody asks for goes as newer ones come");
        assertTrue(used.contains(first), "the blob that was got stays");
    }

    @Test
    void containsDoesNotRefreshRecency() {
        RemoteBlobCache asked = history(twelve, c -> {
            for (int i = 0; i < 3; i++) {
                assertTrue(c.contains(first));
                assertEquals(List.of(first), c.filterKnown(List.of(first)));
                assertEquals(1, c.findByName("f0").size());
            }
        });
        assertFalse(asked.contains(first), "contains, filterKnown and findByName must not have saved it");
        assertEquals(unused.knownHashes(), asked.knownHashes(), "asking changed nothing of what is kept");
        assertEquals(0, asked.hits() + asked.misses(), "nor counted as a use");
    }

    @Test
    void isBoundedInBytes() {
        List<FunctionBlob> b = blobs(10);
        long one = RemoteBlobCache.sizeOf(b.get(0));
        RemoteBlobCache cache = cache(1000, one * 3 + one / 2);
        cache.insertBlobs(b);
        assertTrue(cache.bytes() <= one * 3 + one / 2);
        assertEquals(3, cache.size());
        assertEquals(7, cache.evictions());
    }

    @Test
    void filterKnownAnswersOnlyWhatItHolds() {
        List<FunctionBlob> b = blobs(3);
        RemoteBlobCache cache = cache(10, 1 << 20);
        cache.insert(b.get(1));
        List<FunctionHash> offered = List.of(b.get(0).contentHash(), b.get(1).contentHash(), b.get(2).contentHash());
        assertEquals(List.of(b.get(1).contentHash()), cache.filterKnown(offered));
    }

    @Test
    void refusesABlobThatDoesNotHashToItsKey() {
        FunctionBlob good = blobs(1).get(0);
        FunctionBlob forged = good.withHash(blobs(2).get(1).contentHash());
        RemoteBlobCache cache = cache(10, 1 << 20);
        assertThrows(IllegalArgumentException.class, () -> cache.insertBlobs(List.of(good, forged)));
        assertEquals(0, cache.size(), "nothing of a batch with a forged blob goes in");
        assertNull(cache.get(forged.contentHash()));
    }

    @Test
    void staysConsistentUnderConcurrentUse() throws Exception {
        List<FunctionBlob> b = blobs(20);
        RemoteBlobCache cache = cache(8, 1 << 20);
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
