package dev.shaperemote.wire;

import com.github.luben.zstd.ZstdOutputStream;
import dev.shaperemote.vm.BytesValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramesTest {
    private static WireMessage.ExecuteResponse response(Object value) {
        return new WireMessage.ExecuteResponse(1, true, value, null, null, List.of(), null);
    }

    @Test
    void smallPayloadsAreNeverCompressed() {
        byte[] f = Frames.encode(new WireMessage.Ping(), true);
        assertEquals(0, f[0]);
        assertArrayEquals(MessageCodec.encode(new WireMessage.Ping()), java.util.Arrays.copyOfRange(f, 1, f.length));
    }

    @Test
    void largeCompressiblePayloadsAreCompressed() {
        WireMessage m = response(new BytesValue(new byte[10_000]));
        byte[] f = Frames.encode(m, true);
        assertEquals(Frames.FLAG_ZSTD, f[0]);
        assertTrue(f.length < 1000);
        assertArrayEquals(MessageCodec.encode(m), MessageCodec.encode(Frames.decode(f, WireLimits.DEFAULT)));
        assertEquals(0, Frames.encode(m, false)[0]);
    }

    @Test
    void incompressiblePayloadsStayRaw() {
        byte[] noise = new byte[2000];
        new Random(1).nextBytes(noise);
        assertEquals(0, Frames.encode(response(new BytesValue(noise)), true)[0]);
    }

    @Test
    void unknownFlagBitsAreRefused() {
        byte[] f = Frames.encode(new WireMessage.Ping(), false);
        for (int bit = 1; bit < 8; bit++) {
            f[0] = (byte) (1 << bit);
            assertThrows(WireException.class, () -> Frames.decode(f, WireLimits.DEFAULT));
        }
        assertThrows(WireException.class, () -> Frames.decode(new byte[0], WireLimits.DEFAULT));
    }

    @Test
    void aFrameOverTheCeilingIsRefusedAsTooLarge() {
        byte[] f = Frames.encode(response(new BytesValue(new byte[5000])), false);
        WireException e = assertThrows(WireException.class, () -> Frames.decode(f, WireLimits.DEFAULT.withMaxBytes(4096, 1 << 20)));
        assertTrue(e.tooLarge());
        e = assertThrows(WireException.class, () -> Frames.decode(f, WireLimits.DEFAULT.withMaxBytes(1 << 20, 4096)));
        assertTrue(e.tooLarge());
        byte[] z = Frames.encode(response(new BytesValue(new byte[5000])), true);
        e = assertThrows(WireException.class, () -> Frames.decode(z, WireLimits.DEFAULT.withMaxBytes(1 << 20, 4096)));
        assertTrue(e.tooLarge());
    }

    /** A zstd header claiming 2^40 bytes: refused from the header alone, nothing allocated. */
    @Test
    void aFrameClaimingAHugeSizeIsRefusedFromItsHeader() {
        byte[] frame = {0x01, 0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, (byte) 0xE0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0};
        WireException e = assertThrows(WireException.class, () -> Frames.decode(frame, WireLimits.DEFAULT));
        assertTrue(e.tooLarge(), e.getMessage());
    }

    /** 300 MB of zeros compressed as a stream (no size in the header): decompression stops at the ceiling. */
    @Test
    void aStreamedZstdBombStopsAtTheCeiling() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(Frames.FLAG_ZSTD);
        try (ZstdOutputStream z = new ZstdOutputStream(buf, 19)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) z.write(zeros);
        }
        byte[] bomb = buf.toByteArray();
        assertTrue(bomb.length < 100_000, "bomb is " + bomb.length + " bytes");
        WireException e = assertThrows(WireException.class, () -> Frames.decode(bomb, WireLimits.DEFAULT.withMaxBytes(1 << 20, 4 << 20)));
        assertTrue(e.tooLarge(), e.getMessage());
    }

    @Test
    void garbageAfterTheZstdFlagIsAProtocolError() {
        byte[] f = {0x01, 1, 2, 3, 4, 5, 6, 7};
        assertThrows(WireException.class, () -> Frames.decode(f, WireLimits.DEFAULT));
        byte[] good = Frames.encode(response(new BytesValue(new byte[10_000])), true);
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertThrows(WireException.class, () -> Frames.decode(cut, WireLimits.DEFAULT));
    }
}
