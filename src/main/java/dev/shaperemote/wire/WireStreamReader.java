package dev.shaperemote.wire;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream of WIRE.md section 2 ({@code [len: u32 BE][frame]...}) frame by frame. A length
 * over the frame ceiling is refused before anything is read or allocated; a stream that ends
 * inside a prefix or a frame is a {@link WireException}. I/O failures of the underlying stream
 * stay {@link UncheckedIOException}s: they are the transport's problem, not the sender's protocol.
 */
public final class WireStreamReader implements Closeable {
    private final InputStream in;
    private final WireLimits limits;
    private int framesRead;

    public WireStreamReader(InputStream in, WireLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Every message of a whole stream held in memory. */
    public static List<WireMessage> readAll(byte[] stream, WireLimits limits) {
        try (WireStreamReader r = new WireStreamReader(new ByteArrayInputStream(stream), limits)) {
            List<WireMessage> out = new ArrayList<>();
            WireMessage m;
            while ((m = r.next()) != null) out.add(m);
            return out;
        }
    }

    /** The next message, or null at the clean end of the stream. */
    public WireMessage next() {
        byte[] frame = nextFrame();
        return frame == null ? null : Frames.decode(frame, limits);
    }

    /** The next raw frame (flags and payload), or null at the clean end of the stream. */
    public byte[] nextFrame() {
        try {
            byte[] prefix = in.readNBytes(4);
            if (prefix.length == 0) return null;
            if (prefix.length < 4) throw new WireException("stream ends inside a frame length (frame " + framesRead + ")");
            long len = ((prefix[0] & 0xFFL) << 24) | ((prefix[1] & 0xFFL) << 16) | ((prefix[2] & 0xFFL) << 8) | (prefix[3] & 0xFFL);
            if (len == 0) throw new WireException("frame " + framesRead + " has length 0: no flags byte");
            if (len > limits.maxFrameBytes()) {
                throw WireException.tooLarge("frame " + framesRead + " declares " + len + " bytes, over the " + limits.maxFrameBytes() + "-byte ceiling");
            }
            // readNBytes grows with what actually arrives, so a lying length costs nothing up front.
            byte[] frame = in.readNBytes((int) len);
            if (frame.length < len) {
                throw new WireException("stream ends inside frame " + framesRead + ": " + frame.length + " of " + len + " bytes");
            }
            framesRead++;
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int framesRead() { return framesRead; }

    @Override public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
