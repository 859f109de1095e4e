package dev.shaperemote.wire;

import dev.shaperemote.vm.BytesValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input a hostile or broken peer might send: each is a WireException, never another exception or a huge allocation. */
class MalformedInputTest {

    @Test
    void everyTruncationOfAStreamIsAnErrorOrAShorterStream() {
        byte[] stream = WireStreamWriter.toBytes(List.of(new WireMessage.Ping(),
                new WireMessage.ExecuteResponse(3, true, new BytesValue(new byte[600]), "out", null, List.of(), null)), true);
        for (int cut = 0; cut < stream.length; cut++) {
            byte[] part = Arrays.copyOf(stream, cut);
            try {
                List<WireMessage> got = WireStreamReader.readAll(part, WireLimits.DEFAULT);
                assertTrue(cut == 0 || got.size() == 1, "cut at " + cut + " gave " + got.size() + " messages");
            } catch (WireException expected) {
                // the cut fell inside a length prefix or a frame
            }
        }
    }

    /** A 4 GB length prefix followed by a few bytes: refused before a byte of the frame is read. */
    @Test
    void aFourGigabyteLengthPrefixIsRefused() {
        byte[] stream = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1, 2};
        WireException e = assertThrows(WireException.class, () -> WireStreamReader.readAll(stream, WireLimits.DEFAULT));
        assertTrue(e.tooLarge());
        // Just under the frame ceiling, the reader still allocates only what arrives.
        byte[] lying = {0x0F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1, 2};
        assertThrows(WireException.class, () -> WireStreamReader.readAll(lying, WireLimits.DEFAULT));
    }

    @Test
    void aStreamEndingInsideAPrefixOrAZeroLengthFrameIsRefused() {
        assertThrows(WireException.class, () -> WireStreamReader.readAll(new byte[] {0, 0}, WireLimits.DEFAULT));
        assertThrows(WireException.class, () -> WireStreamReader.readAll(new byte[] {0, 0, 0, 0}, WireLimits.DEFAULT));
        assertNull(new WireStreamReader(InputStream.nullInputStream(), WireLimits.DEFAULT).next());
    }

    /** Headers that claim more than the input holds are refused before anything is allocated. */
    @Test
    void oversizedHeadersAreRefusedWithoutAllocating() {
        byte[] hugeArray = Msgpack.pack(p -> p.packMapHeader(1).packString("BlobNegotiation").packMapHeader(1)
                .packString("offered_hashes").packArrayHeader(Integer.MAX_VALUE));
        assertThrows(WireException.class, () -> MessageCodec.decode(hugeArray, WireLimits.DEFAULT));
        byte[] hugeBin = Msgpack.pack(p -> p.packMapHeader(1).packString("Sidecar").packMapHeader(2)
                .packString("sidecar_id").packInt(0).packString("data").packBinaryHeader(-1 >>> 1));
        assertThrows(WireException.class, () -> MessageCodec.decode(hugeBin, WireLimits.DEFAULT));
        byte[] hugeStr = {(byte) 0x81, (byte) 0xdb, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};
        assertThrows(WireException.class, () -> MessageCodec.decode(hugeStr, WireLimits.DEFAULT));
        byte[] hugeMap = {(byte) 0xdf, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThrows(WireException.class, () -> MessageCodec.decode(hugeMap, WireLimits.DEFAULT));
    }

    private static byte[] nestedArrayValue(int levels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] level = Msgpack.pack(p -> p.packMapHeader(1).packString("Array").packArrayHeader(1));
        for (int i = 0; i < levels; i++) out.writeBytes(level);
        out.writeBytes(Msgpack.pack(p -> p.packString("None")));
        return out.toByteArray();
    }

    @Test
    void aHundredThousandLevelNestedArrayIsRefused() {
        byte[] value = nestedArrayValue(100_000);
        assertThrows(WireException.class, () -> ValueCodec.decode(value, WireLimits.DEFAULT));
        byte[] call = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("Call").packMapHeader(3);
            p.packString("function_name").packString("f");
            p.packString("program_hash").packBinaryHeader(32).writePayload(new byte[32]);
            p.packString("arguments").packArrayHeader(1).writePayload(value);
        });
        WireException e = assertThrows(WireException.class, () -> Frames.decode(Msgpack.frame(call), WireLimits.DEFAULT));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
        byte[] rawArrays = new byte[100_000];
        Arrays.fill(rawArrays, (byte) 0x91);
        assertThrows(WireException.class, () -> Frames.decode(Msgpack.frame(rawArrays), WireLimits.DEFAULT));
        byte[] schemas = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("Call").packMapHeader(4);
            p.packString("function_name").packString("f");
            p.packString("program_hash").packBinaryHeader(32).writePayload(new byte[32]);
            p.packString("arguments").packArrayHeader(0);
            p.packString("type_schemas").packMapHeader(1).packString("t");
            for (int i = 0; i < 100_000; i++) p.packArrayHeader(1);
            p.packNil();
        });
        assertThrows(WireException.class, () -> Frames.decode(Msgpack.frame(schemas), WireLimits.DEFAULT));
    }

    /** Skipping an unknown key does not recurse, so even a 100 000-level value there costs no stack. */
    @Test
    void aDeepValueUnderAnUnknownKeyIsSkipped() {
        byte[] ping = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("Ping").packMapHeader(1).packString("junk");
            for (int i = 0; i < 100_000; i++) p.packArrayHeader(1);
            p.packNil();
        });
        assertEquals(new WireMessage.Ping(), Frames.decode(Msgpack.frame(ping), WireLimits.DEFAULT));
    }

    @Test
    void aStreamReaderOverASlowInputReadsEveryFrame() {
        byte[] stream = WireStreamWriter.toBytes(List.of(new WireMessage.Ping(), new WireMessage.Auth("t")), false);
        InputStream trickle = new ByteArrayInputStream(stream) {
            @Override public synchronized int read(byte[] b, int off, int len) { return super.read(b, off, Math.min(len, 1)); }
        };
        WireStreamReader r = new WireStreamReader(trickle, WireLimits.DEFAULT);
        assertEquals(new WireMessage.Ping(), r.next());
        assertEquals(new WireMessage.Auth("t"), r.next());
        assertNull(r.next());
    }
}
