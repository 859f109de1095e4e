package dev.shaperemote.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a ceiling: a declared length past it is refused before anything is read,
 * and a chunked body is cut off as soon as it passes it, so no body can make the worker buffer more
 * than the ceiling.
 */
public final class BoundedBody {
    private BoundedBody() {}

    /**
     * @param declaredLength the Content-Length, or -1 when unknown
     * @throws WorkerFailure 413 when the body is larger than {@code limit}
     */
    public static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
        if (declaredLength > limit) throw WorkerFailure.tooLarge(limit);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 256), limit));
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            total += n;
            if (total > limit) throw WorkerFailure.tooLarge(limit);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
