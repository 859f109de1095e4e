package dev.shaperemote.wire;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (WireStreamWriter w = new WireStreamWriter(buf, compress)) {
            for (WireMessage m : messages) w.write(m);
        }
        return buf.toByteArray();
    }

    public void write(WireMessage m) { writeFrame(Frames.encode(m, compress)); }

    public void writeFrame(byte[] frame) {
        try {
            int n = frame.length;
            out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            out.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
