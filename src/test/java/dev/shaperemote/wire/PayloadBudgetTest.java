package dev.shaperemote.wire;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One decompression budget covers every frame of a stream (WIRE.md section 2), whatever each frame alone would be allowed. */
class PayloadBudgetTest {
    private static final String KEY = "shape.worker.wire.max-decompressed-bytes";
    private static final long MB = 1_000_000;

    /**
     * A zstd frame whose payload is a well-formed Ping padded with an unknown key of {@code pad} zero bytes
     * (skipped by the decoder, so only decompression costs anything). {@code claimSize}: whether the zstd header
     * states the content size (a one-shot compressor) or not (a streaming one).
     */
    static byte[] paddedPing(long pad, boolean claimSize) throws IOException {
        MessageBufferPacker head = MessagePack.newDefaultBufferPacker();
        head.packMapHeader(1).packString("Ping").packMapHeader(1).packString("pad").packBinaryHeader((int) pad);
        byte[] prefix = head.toByteArray();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(Frames.FLAG_ZSTD);
        if (claimSize) { // one-shot: the header states the content size
            byte[] payload = new byte[(int) (prefix.length + pad)];
            System.arraycopy(prefix, 0, payload, 0, prefix.length);
            buf.writeBytes(Zstd.compress(payload, 1));
            return buf.toByteArray();
        }
        try (ZstdOutputStream z = new ZstdOutputStream(buf, 1)) {
            z.write(prefix);
            byte[] zeros = new byte[1 << 20];
            for (long left = pad; left > 0; left -= zeros.length) z.write(zeros, 0, (int) Math.min(left, zeros.length));
        }
        return buf.toByteArray();
    }

    static byte[] stream(byte[] frame, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.write(frame.length >>> 24);
            out.write(frame.length >>> 16);
            out.write(frame.length >>> 8);
            out.write(frame.length);
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** The brief's case: 20 frames that each expand to 200 MB, under the default 256 MiB limit. */
    @Test
    void twentyFramesOf200MbEachAreRefusedOnceTheirSumPassesTheLimit() throws IOException {
        WireLimits limits = WireLimits.DEFAULT.withMaxBytes(WireLimits.DEFAULT_MAX_BYTES, WireLimits.DEFAULT_MAX_BYTES);
        limits = new WireLimits(limits.maxDepth(), limits.maxFrameBytes(), limits.maxPayloadBytes(), KEY);
        for (boolean claim : new boolean[] {true, false}) {
            byte[] frame = paddedPing(200 * MB, claim);
            assertTrue(frame.length < 200_000, "the frame is " + frame.length + " bytes");
            assertEquals(new WireMessage.Ping(), Frames.decode(frame, limits)); // one alone is fine
            byte[] stream = stream(frame, 20);
            long start = System.nanoTime();
            WireLimits l = limits;
            WireException e = assertThrows(WireException.class, () -> WireStreamReader.readAll(stream, l));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.tooLarge(), e.getMessage());
            assertEquals("ProtocolError", e.kind());
            assertTrue(e.getMessage().contains(KEY), e.getMessage());
            assertTrue(e.getMessage().contains(Long.toString(WireLimits.DEFAULT_MAX_BYTES)), e.getMessage());
            assertTrue(e.getMessage().contains("frame 1"), e.getMessage()); // the second frame crossed it
            assertTrue(millis < 20_000, "refused after " + millis + " ms");
        }
    }

    @Test
    void aSizeClaimPastWhatIsLeftIsRefusedFromTheHeader() throws IOException {
        WireLimits limits = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, 1 << 20, 3 * MB, KEY);
        byte[] stream = stream(paddedPing(2 * MB, true), 2);
        WireException e = assertThrows(WireException.class, () -> WireStreamReader.readAll(stream, limits));
        assertTrue(e.tooLarge());
        assertTrue(e.getMessage().contains("frame 1 needs at least 2000"), e.getMessage());
    }

    @Test
    void theStreamingReaderSharesOneBudgetToo() throws IOException {
        WireLimits limits = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, 1 << 20, 5 * MB, KEY);
        byte[] stream = stream(paddedPing(2 * MB, false), 3);
        List<WireMessage> got = new ArrayList<>();
        try (WireStreamReader r = new WireStreamReader(new ByteArrayInputStream(stream), limits)) {
            WireException e = assertThrows(WireException.class, () -> {
                for (WireMessage m; (m = r.next()) != null; ) got.add(m);
            });
            assertTrue(e.tooLarge() && e.getMessage().contains(KEY), e.getMessage());
        }
        assertEquals(2, got.size());
    }

    @Test
    void rawPayloadsCountAndFreshBudgetsStartOver() throws IOException {
        byte[] ping = Frames.encode(new WireMessage.Ping(), false);
        WireLimits tight = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, 1 << 20, (ping.length - 1) * 3L, KEY);
        assertEquals(3, WireStreamReader.readAll(stream(ping, 3), tight).size());
        assertTrue(assertThrows(WireException.class, () -> WireStreamReader.readAll(stream(ping, 4), tight)).tooLarge());
        // One WebSocket message is one frame with a budget of its own.
        for (int i = 0; i < 10; i++) assertEquals(new WireMessage.Ping(), Frames.decode(ping, tight));
        // Without a setting the refusal still says what was crossed.
        WireLimits unnamed = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, 1 << 20, ping.length - 2);
        WireException e = assertThrows(WireException.class, () -> Frames.decode(ping, unnamed));
        assertTrue(e.getMessage().contains("decompressed-bytes limit"), e.getMessage());
    }
}
