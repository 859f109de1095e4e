package dev.shaperemote.wire;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.buffer.MessageBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Frames of WIRE.md section 2: {@code [flags: u8][payload]}, flag bit 0 meaning zstd.
 *
 * <p>Decompression never trusts the size a frame claims: a claim above what the stream's
 * {@link PayloadBudget} has left is refused from the zstd header alone, and the output grows only with
 * bytes actually produced, stopping at the budget (or at the claim, when there is one). The budget
 * covers all frames of one stream or message together, so many frames that each stay under the limit
 * cannot add up past it.
 */
public final class Frames {
    public static final int FLAG_ZSTD = 0x01;
    /** Payloads smaller than this are never compressed. */
    public static final int COMPRESS_THRESHOLD = 256;
    static final int ZSTD_LEVEL = 3;
    /** Largest zstd window accepted (2^25 = 32 MiB): bounds the decoder's own buffers. */
    static final int ZSTD_WINDOW_LOG_MAX = 25;
    /** Payloads above this are compressed only if a sample of them shrinks first. */
    public static final int SAMPLE_ABOVE = 1 << 20;
    /** Size of that sample, taken from the middle of the payload. */
    static final int SAMPLE_BYTES = 64 * 1024;

    private Frames() {}

    public static byte[] encode(WireMessage m, boolean compress) { return encode(m, compress, WireLimits.DEFAULT); }

    public static byte[] encode(WireMessage m, boolean compress, WireLimits limits) {
        Encoded e = prepare(m, compress, limits);
        byte[] out = new byte[e.length()];
        e.writeTo(out, 0);
        return out;
    }

    /** Wraps a payload in a frame, compressed only when asked, at least 256 bytes long, and smaller for it. */
    public static byte[] frame(byte[] payload, boolean compress) {
        if (compress && worthTrying(List.of(MessageBuffer.wrap(payload)), payload.length)) {
            byte[] z = Zstd.compress(payload, ZSTD_LEVEL); // writes the content size into the zstd header
            if (z.length < payload.length) return withFlags((byte) FLAG_ZSTD, z);
        }
        return withFlags((byte) 0, payload);
    }

    /**
     * Whether zstd is worth running over a payload: never below 256 bytes; up to 1 MiB always; above,
     * only if a 64 KiB sample from its middle shrinks by at least 10% (a large sidecar is usually
     * incompressible, and compressing it whole only to discard the result halves throughput).
     */
    static boolean worthTrying(List<MessageBuffer> payload, long size) {
        if (size < COMPRESS_THRESHOLD) return false;
        if (size <= SAMPLE_ABOVE) return true;
        byte[] sample = new byte[SAMPLE_BYTES];
        long from = (size - SAMPLE_BYTES) / 2, at = 0;
        int filled = 0;
        for (MessageBuffer b : payload) { // gather the sample across the parts it spans
            long end = at + b.size();
            if (filled < SAMPLE_BYTES && end > from + filled) {
                int start = (int) (from + filled - at), n = (int) Math.min(b.size() - start, SAMPLE_BYTES - filled);
                b.getBytes(start, sample, filled, n);
                filled += n;
            }
            at = end;
        }
        return Zstd.compress(sample, ZSTD_LEVEL).length <= SAMPLE_BYTES * 9 / 10;
    }

    /**
     * A message encoded as a frame whose length is known before any byte of it is written. Large
     * {@code bin} data is still the sender's array (the packer kept it by reference), so writing the
     * frame copies each byte once, straight to its destination.
     */
    static final class Encoded {
        private final byte flags;
        private final List<MessageBuffer> parts; // the uncompressed payload, or null
        private final byte[] compressed;         // the zstd payload, or null
        private final int length;                // flags byte + payload

        private Encoded(byte flags, List<MessageBuffer> parts, byte[] compressed, long payloadLength) {
            if (payloadLength + 1 > WireLimits.HARD_MAX_BYTES) throw new WireException("a payload of " + payloadLength + " bytes does not fit in a frame");
            this.flags = flags;
            this.parts = parts;
            this.compressed = compressed;
            this.length = (int) payloadLength + 1;
        }

        /** The frame's length in bytes, flags byte included: what its stream length prefix says. */
        int length() { return length; }

        void writeTo(byte[] dst, int offset) {
            dst[offset++] = flags;
            if (compressed != null) {
                System.arraycopy(compressed, 0, dst, offset, compressed.length);
                return;
            }
            for (MessageBuffer b : parts) {
                b.getBytes(0, dst, offset, b.size());
                offset += b.size();
            }
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(flags);
            if (compressed != null) {
                out.write(compressed);
                return;
            }
            for (MessageBuffer b : parts) out.write(b.array(), b.arrayOffset(), b.size());
        }
    }

    static Encoded prepare(WireMessage m, boolean compress, WireLimits limits) {
        MessageBufferPacker p = MessageCodec.pack(m, limits.maxDepth());
        List<MessageBuffer> parts = p.toBufferList();
        long size = 0;
        for (MessageBuffer b : parts) size += b.size();
        if (compress && size < WireLimits.HARD_MAX_BYTES && worthTrying(parts, size)) {
            byte[] payload = p.toByteArray(); // zstd needs one array: this copy is paid only when compression is tried
            byte[] z = Zstd.compress(payload, ZSTD_LEVEL); // writes the content size into the zstd header
            if (z.length < payload.length) return new Encoded((byte) FLAG_ZSTD, null, z, z.length);
        }
        return new Encoded((byte) 0, parts, null, size);
    }

    private static byte[] withFlags(byte flags, byte[] payload) {
        byte[] out = new byte[payload.length + 1];
        out[0] = flags;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    /** Decodes one frame that is a message of its own (a WebSocket message): it has the whole payload budget. */
    public static WireMessage decode(byte[] frame, WireLimits limits) { return decode(frame, 0, frame.length, limits); }

    /** Decodes the frame held in {@code length} bytes of {@code src} from {@code offset}, with a budget of its own. */
    public static WireMessage decode(byte[] src, int offset, int length, WireLimits limits) {
        return decode(src, offset, length, limits, limits.newBudget());
    }

    /**
     * Decodes the frame held in {@code length} bytes of {@code src} from {@code offset}, charging its payload to
     * {@code budget} (shared by the frames of one stream); an uncompressed payload is read in place.
     */
    public static WireMessage decode(byte[] src, int offset, int length, WireLimits limits, PayloadBudget budget) {
        if (compressed(src, offset, length, limits)) return MessageCodec.decode(decompress(src, offset + 1, length - 1, budget), limits);
        budget.charge(length - 1);
        return MessageCodec.decode(src, offset + 1, length - 1, limits);
    }

    /** The MessagePack payload of a frame, decompressed within the limits. */
    public static byte[] payload(byte[] frame, WireLimits limits) {
        PayloadBudget budget = limits.newBudget();
        if (compressed(frame, 0, frame.length, limits)) return decompress(frame, 1, frame.length - 1, budget);
        budget.charge(frame.length - 1);
        return Arrays.copyOfRange(frame, 1, frame.length);
    }

    /** Checks a frame's size and flags against the limits; true when its payload is zstd. */
    private static boolean compressed(byte[] src, int offset, int length, WireLimits limits) {
        if (length == 0) throw new WireException("empty frame: no flags byte");
        if (length > limits.maxFrameBytes()) {
            throw WireException.tooLarge("frame of " + length + " bytes is over the " + limits.maxFrameBytes() + "-byte ceiling");
        }
        int flags = src[offset] & 0xFF;
        if ((flags & ~FLAG_ZSTD) != 0) throw new WireException("frame has unknown flag bits 0x" + Integer.toHexString(flags & ~FLAG_ZSTD));
        return (flags & FLAG_ZSTD) != 0;
    }

    /**
     * Decompresses a zstd payload within what {@code budget} has left, and charges it. The output grows only
     * with bytes actually produced; decompression stops as soon as it would pass the budget (or the size the
     * header claims), so a bomb costs at most the budget.
     */
    static byte[] decompress(byte[] src, int offset, int length, PayloadBudget budget) {
        if (length == 0) throw new WireException("empty zstd payload");
        long ceiling = budget.remaining();
        long claimed;
        try {
            claimed = Zstd.getFrameContentSize(src, offset, length);
        } catch (RuntimeException e) { // zstd-jni reports bad input with ZstdException or index exceptions
            throw new WireException("malformed zstd frame", e);
        }
        // -1: size not in the header (a streaming compressor); -2 or other negatives: not a zstd frame.
        if (claimed < -1) throw new WireException("malformed zstd frame header");
        if (claimed > ceiling) throw budget.exceeded(claimed);
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
                            : budget.exceeded(ceiling + 1);
                }
            }
        } catch (IOException | ZstdException e) {
            throw new WireException("malformed zstd frame", e);
        }
        if (claimed >= 0 && out.size() != claimed) {
            throw new WireException("compressed payload is " + out.size() + " bytes, its header claims " + claimed);
        }
        budget.charge(out.size());
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
