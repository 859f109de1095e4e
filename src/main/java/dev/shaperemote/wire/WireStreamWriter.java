package dev.shaperemote.wire;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Writes a stream of WIRE.md section 2: each frame preceded by its length as a big-endian u32. */
public final class WireStreamWriter implements Closeable, Flushable {
    private final OutputStream out;
    private final boolean compress;

    public WireStreamWriter(OutputStream out, boolean compress) {
        this.out = out;
        this.compress = compress;
    }

    /** A whole stream of these messages, as bytes. */
    public static byte[] toBytes(List<? extends WireMessage> messages, boolean compress) {
        // Every frame's length is known before writing, so the stream goes into one exact array, each byte copied once.
        List<Frames.Encoded> frames = new ArrayList<>(messages.size());
        long total = 0;
        for (WireMessage m : messages) {
            Frames.Encoded f = Frames.prepare(m, compress, WireLimits.DEFAULT);
            frames.add(f);
            total += 4 + f.length();
        }
        if (total > WireLimits.HARD_MAX_BYTES) throw new WireException("a stream of " + total + " bytes does not fit in one array");
        byte[] out = new byte[(int) total];
        int at = 0;
        for (Frames.Encoded f : frames) {
            prefix(out, at, f.length());
            f.writeTo(out, at + 4);
            at += 4 + f.length();
        }
        return out;
    }

    public void write(WireMessage m) {
        Frames.Encoded f = Frames.prepare(m, compress, WireLimits.DEFAULT);
        try {
            out.write(prefix(new byte[4], 0, f.length()));
            f.writeTo(out); // the flags byte and the payload parts go straight out, without assembling the frame first
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeFrame(byte[] frame) {
        try {
            out.write(prefix(new byte[4], 0, frame.length));
            out.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a frame length as a big-endian u32 at {@code at}. */
    private static byte[] prefix(byte[] dst, int at, int n) {
        dst[at] = (byte) (n >>> 24);
        dst[at + 1] = (byte) (n >>> 16);
        dst[at + 2] = (byte) (n >>> 8);
        dst[at + 3] = (byte) n;
        return dst;
    }

    @Override public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
