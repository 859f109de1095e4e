package dev.shaperemote.worker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoundedBodyTest {
    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Gives a few bytes per read, as a network does. */
    private static InputStream trickle(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override public synchronized int read(byte[] b, int off, int len) { return super.read(b, off, Math.min(len, 1000)); }
        };
    }

    @Test
    void readsBodiesOfEverySizeUpToTheCeiling() throws IOException {
        for (int n : new int[] {0, 1, 8191, 8192, 8193, 100_000, 1 << 20}) {
            byte[] data = noise(n);
            assertArrayEquals(data, BoundedBody.read(trickle(data), -1, 1 << 20));
            assertArrayEquals(data, BoundedBody.read(trickle(data), n, 1 << 20));
        }
    }

    @Test
    void aBodyPastTheCeilingIsRefusedWhetherDeclaredOrNot() {
        assertEquals(413, assertThrows(WorkerFailure.class, () -> BoundedBody.read(trickle(new byte[10]), 5000, 4096)).status());
        assertEquals(413, assertThrows(WorkerFailure.class, () -> BoundedBody.read(trickle(new byte[4097]), -1, 4096)).status());
        // A body that declares less than it sends is still cut at the ceiling.
        assertEquals(413, assertThrows(WorkerFailure.class, () -> BoundedBody.read(trickle(new byte[4097]), 10, 4096)).status());
    }

    /** A declared length is never allocated up front: 2 GB declared, 10 bytes sent, under a 2 GB ceiling, in a small heap. */
    @Test
    void aDeclaredLengthIsNotAllocatedBeforeItsBytesArrive() throws IOException {
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        byte[] got = BoundedBody.read(trickle(noise(10)), Integer.MAX_VALUE - 100L, Integer.MAX_VALUE - 100L);
        assertEquals(10, got.length);
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertEquals(true, after - before < 512L << 20, "allocated about " + (after - before) + " bytes");
    }
}
