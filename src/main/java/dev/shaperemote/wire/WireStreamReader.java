package dev.shaperemote.wire;

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
    private final PayloadBudget budget;
    private int framesRead;

    /** A reader of one stream: its frames share one decompression budget ({@link WireLimits#maxPayloadBytes}). */
    public WireStreamReader(InputStream in, WireLimits limits) {
        this.in = in;
        this.limits = limits;
        this.budget = limits.newBudget();
    }

    /**
     * Every message of a whole stream held in memory; frames are decoded where they lie, without copying them
     * out. All frames together may decompress to at most {@link WireLimits#maxPayloadBytes}.
     */
    public static List<WireMessage> readAll(byte[] stream, WireLimits limits) {
        PayloadBudget budget = limits.newBudget();
        List<WireMessage> out = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int frame = out.size();
            if (stream.length - at < 4) throw new WireException("stream ends inside a frame length (frame " + frame + ")");
            int len = frameLength(stream, at, frame, limits);
            at += 4;
            if (len > stream.length - at) {
                throw new WireException("stream ends inside frame " + frame + ": " + (stream.length - at) + " of " + len + " bytes");
            }
            out.add(Frames.decode(stream, at, len, limits, budget));
            at += len;
        }
        return out;
    }

    /** The length prefix at {@code at}, refused when 0 or over the frame ceiling. */
    private static int frameLength(byte[] prefix, int at, int frame, WireLimits limits) {
        long len = ((prefix[at] & 0xFFL) << 24) | ((prefix[at + 1] & 0xFFL) << 16) | ((prefix[at + 2] & 0xFFL) << 8) | (prefix[at + 3] & 0xFFL);
        if (len == 0) throw new WireException("frame " + frame + " has length 0: no flags byte");
        if (len > limits.maxFrameBytes()) {
            throw WireException.tooLarge("frame " + frame + " declares " + len + " bytes, over the " + limits.maxFrameBytes() + "-byte ceiling");
        }
        return (int) len;
    }

    /** The next message, or null at the clean end of the stream; its payload is charged to the stream's budget. */
    public WireMessage next() {
        byte[] frame = nextFrame();
        return frame == null ? null : Frames.decode(frame, 0, frame.length, limits, budget);
    }

    /** The next raw frame (flags and payload), or null at the clean end of the stream. */
    public byte[] nextFrame() {
        try {
            byte[] prefix = in.readNBytes(4);
            if (prefix.length == 0) return null;
            if (prefix.length < 4) throw new WireException("stream ends inside a frame length (frame " + framesRead + ")");
            int len = frameLength(prefix, 0, framesRead, limits);
            // readNBytes grows with what actually arrives, so a lying length costs nothing up front.
            byte[] frame = in.readNBytes(len);
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
