package dev.shaperemote.wire;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Frames of WIRE.md section 2: {@code [flags: u8][payload]}, flag bit 0 meaning zstd.
 *
 * <p>Decompression never trusts the size a frame claims: a claim above the ceiling is refused
 * from the zstd header alone, and the output grows only with bytes actually produced, stopping at
 * the ceiling (or at the claim, when there is one).
 */
public final class Frames {
    public static final int FLAG_ZSTD = 0x01;
    /** Payloads smaller than this are never compressed. */
    public static final int COMPRESS_THRESHOLD = 256;
    static final int ZSTD_LEVEL = 3;
    /** Largest zstd window accepted (2^25 = 32 MiB): bounds the decoder's own buffers. */
    static final int ZSTD_WINDOW_LOG_MAX = 25;

    private Frames() {}

    public static byte[] encode(WireMessage m, boolean compress) { return encode(m, compress, WireLimits.DEFAULT); }

    public static byte[] encode(WireMessage m, boolean compress, WireLimits limits) {
        return frame(MessageCodec.encode(m, limits.maxDepth()), compress);
    }

    /** Wraps a payload in a frame, compressed only when asked, at least 256 bytes long, and smaller for it. */
    public static byte[] frame(byte[] payload, boolean compress) {
        if (compress && payload.length >= COMPRESS_THRESHOLD) {
            byte[] z = Zstd.compress(payload, ZSTD_LEVEL); // writes the content size into the zstd header
            if (z.length < payload.length) return withFlags((byte) FLAG_ZSTD, z);
        }
        return withFlags((byte) 0, payload);
    }

    private static byte[] withFlags(byte flags, byte[] payload) {
        byte[] out = new byte[payload.length + 1];
        out[0] = flags;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    public static WireMessage decode(byte[] frame, WireLimits limits) {
        return MessageCodec.decode(payload(frame, limits), limits);
    }

    /** The MessagePack payload of a frame, decompressed within the limits. */
    public static byte[] payload(byte[] frame, WireLimits limits) {
        if (frame.length == 0) throw new WireException("empty frame: no flags byte");
        if (frame.length > limits.maxFrameBytes()) {
            throw WireException.tooLarge("frame of " + frame.length + " bytes is over the " + limits.maxFrameBytes() + "-byte ceiling");
        }
        int flags = frame[0] & 0xFF;
        if ((flags & ~FLAG_ZSTD) != 0) throw new WireException("frame has unknown flag bits 0x" + Integer.toHexString(flags & ~FLAG_ZSTD));
        if ((flags & FLAG_ZSTD) == 0) {
            if (frame.length - 1 > limits.maxPayloadBytes()) {
                throw WireException.tooLarge("payload of " + (frame.length - 1) + " bytes is over the " + limits.maxPayloadBytes() + "-byte ceiling");
            }
            return Arrays.copyOfRange(frame, 1, frame.length);
        }
        return decompress(frame, 1, frame.length - 1, limits.maxPayloadBytes());
    }

    static byte[] decompress(byte[] src, int offset, int length, long ceiling) {
        if (length == 0) throw new WireException("empty zstd payload");
        long claimed;
        try {
            claimed = Zstd.getFrameContentSize(src, offset, length);
        } catch (RuntimeException e) { // zstd-jni reports bad input with ZstdException or index exceptions
            throw new WireException("malformed zstd frame", e);
        }
        // -1: size not in the header (a streaming compressor); -2 or other negatives: not a zstd frame.
        if (claimed < -1) throw new WireException("malformed zstd frame header");
        if (claimed > ceiling) {
            throw WireException.tooLarge("compressed payload claims " + claimed + " bytes, over the " + ceiling + "-byte ceiling");
        }
        long bound = claimed >= 0 ? claimed : ceiling;
        BoundedBuffer out = new BoundedBuffer(bound, claimed >= 0 ? (int) Math.min(claimed, 1 << 20) : 64 * 1024);
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, offset, length))) {
            in.setLongMax(ZSTD_WINDOW_LOG_MAX);
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (!out.append(chunk, n)) {
                    throw claimed >= 0
                            ? new WireException("compressed payload is larger than the " + claimed + " bytes its header claims")
                            : WireException.tooLarge("compressed payload decompresses past the " + ceiling + "-byte ceiling");
                }
            }
        } catch (IOException | ZstdException e) {
            throw new WireException("malformed zstd frame", e);
        }
        if (claimed >= 0 && out.size() != claimed) {
            throw new WireException("compressed payload is " + out.size() + " bytes, its header claims " + claimed);
        }
        return out.toByteArray();
    }

    /** A byte buffer that doubles as bytes arrive and refuses to pass its bound. */
    private static final class BoundedBuffer {
        private final long bound;
        private byte[] buf;
        private int size;

        BoundedBuffer(long bound, int initial) {
            this.bound = bound;
            this.buf = new byte[Math.max(initial, 16)];
        }

        boolean append(byte[] chunk, int n) {
            if (size + (long) n > bound) return false;
            if (size + n > buf.length) buf = Arrays.copyOf(buf, (int) Math.min(bound, Math.max((long) buf.length * 2, size + (long) n)));
            System.arraycopy(chunk, 0, buf, size, n);
            size += n;
            return true;
        }

        int size() { return size; }

        byte[] toByteArray() { return size == buf.length ? buf : Arrays.copyOf(buf, size); }
    }
}
