package dev.shaperemote.worker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body up to a ceiling: a declared length past it is refused before anything is read,
 * and a chunked body is cut off as soon as it passes it, so no body can make the worker buffer more
 * than the ceiling. Nothing is allocated from the declared length: the buffer starts small and grows
 * (doubling, never past the ceiling) only as bytes actually arrive, so a client that declares 256 MiB
 * and sends ten bytes costs ten bytes.
 */
public final class BoundedBody {
    /** The first buffer, whatever the body declares. */
    static final int INITIAL_BYTES = 8192;

    private BoundedBody() {}

    /**
     * @param declaredLength the Content-Length, or -1 when unknown; only checked against {@code limit}
     * @throws WorkerFailure 413 when the body is larger than {@code limit}
     */
    public static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
        if (declaredLength > limit) throw WorkerFailure.tooLarge(limit);
        long cap = Math.min(limit, Integer.MAX_VALUE - 8);
        byte[] buf = new byte[(int) Math.min(INITIAL_BYTES, Math.max(1, cap))];
        int size = 0;
        while (true) {
            if (size == buf.length) {
                if (size >= cap) { // full at the ceiling: one more byte is a body over it
                    if (in.read() != -1) throw WorkerFailure.tooLarge(limit);
                    break;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, (long) buf.length * 2));
            }
            int n = in.read(buf, size, buf.length - size);
            if (n == -1) break;
            size += n;
        }
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
