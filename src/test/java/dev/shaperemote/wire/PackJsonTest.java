package dev.shaperemote.wire;

import com.fasterxml.jackson.core.JsonParser;
import dev.shaperemote.vm.MatrixValue;
import dev.shaperemote.vm.ShapeError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JSON form is the codec's MessagePack converted, with no schema of its own: whatever the codec
 * writes, the JSON shows, including tags and fields this converter has never heard of.
 */
class PackJsonTest {
    private static final byte[] HASH = new byte[32];
    private static final String HASH_HEX = "ab".repeat(32);

    static {
        Arrays.fill(HASH, (byte) 0xAB);
    }

    /** A message the codec might gain tomorrow: a made-up tag, made-up fields, a hash, hashes and data. */
    @Test
    void aNewMessageOrFieldAppearsInJsonWithNoChangeToTheConverter() {
        byte[] teleport = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("Teleport").packMapHeader(6);
            p.packString("target_hash").packBinaryHeader(32).writePayload(HASH);
            p.packString("seen_hashes").packArrayHeader(1).packBinaryHeader(32).writePayload(HASH);
            p.packString("payload").packBinaryHeader(3).writePayload(new byte[] {0, (byte) 0xFF, 42});
            p.packString("count").packLong(3);
            p.packString("ratio").packDouble(Double.NaN);
            p.packString("note").packNil();
        });
        assertEquals("{\"Teleport\":{\"target_hash\":\"" + HASH_HEX + "\",\"seen_hashes\":[\"" + HASH_HEX + "\"],"
                + "\"payload\":\"AP8q\",\"count\":3,\"ratio\":\"NaN\",\"note\":null}}", PackJson.toJson(teleport));
    }

    /** A value tag the codec might gain, inside a real message: it reaches the JSON of {@code decode}, jobs and /execute alike. */
    @Test
    void aNewValueTagAppearsInJsonWithNoChangeToTheConverter() {
        byte[] response = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("CallResponse").packMapHeader(1).packString("result").packMapHeader(1).packString("Ok");
            p.packMapHeader(1).packString("Quaternion").packMapHeader(2);
            p.packString("data").packBinaryHeader(2).writePayload(new byte[] {1, 2});
            p.packString("frame_hash").packBinaryHeader(32).writePayload(HASH);
        });
        assertEquals("{\"CallResponse\":{\"result\":{\"Ok\":{\"Quaternion\":{\"data\":\"AQI=\",\"frame_hash\":\"" + HASH_HEX + "\"}}}}}",
                PackJson.toJson(response));
    }

    /** Hashes by key name; a 32-byte bin anywhere else is data, and the [hash, blob] pairs of a program keep their hash in hex. */
    @Test
    void onlyHashPositionsAreHex() {
        byte[] doc = Msgpack.pack(p -> {
            p.packMapHeader(4);
            p.packString("Bytes").packBinaryHeader(32).writePayload(HASH);
            p.packString("dependencies").packArrayHeader(1).packBinaryHeader(32).writePayload(HASH);
            p.packString("functions").packArrayHeader(1).packArrayHeader(2).packBinaryHeader(32).writePayload(HASH)
                    .packBinaryHeader(1).writePayload(new byte[] {7});
            p.packString("hashes_of_nothing").packMapHeader(1).packString("hash").packNil();
        });
        String b64 = java.util.Base64.getEncoder().encodeToString(HASH);
        assertEquals("{\"Bytes\":\"" + b64 + "\",\"dependencies\":[\"" + HASH_HEX + "\"],\"functions\":[[\"" + HASH_HEX + "\",\"Bw==\"]],"
                + "\"hashes_of_nothing\":{\"hash\":null}}", PackJson.toJson(doc));
    }

    @Test
    void nonStringMapKeysBecomeTheirText() {
        byte[] doc = Msgpack.pack(p -> p.packMapHeader(3).packLong(7).packString("int").packBoolean(true).packString("bool")
                .packBinaryHeader(2).writePayload(new byte[] {1, 2}).packString("bin"));
        assertEquals("{\"7\":\"int\",\"true\":\"bool\",\"0102\":\"bin\"}", PackJson.toJson(doc));
    }

    /** Matrix data is packed once (f64 little-endian, row-major) for the wire, its JSON and its sidecar. */
    @Test
    void matrixDataIsPackedOnceForEveryUse() {
        MatrixValue m = new MatrixValue(1, 2, new double[] {1.0, -2.5});
        ValueCodec.Packed packed = ValueCodec.packed(m);
        assertEquals("000000000000f03f00000000000004c0", HexFormat.of().formatHex(packed.data()));
        MatrixValue back = (MatrixValue) ValueCodec.unpacked(packed.kind(), packed.metaA(), packed.metaB(), packed.data());
        assertArrayEquals(m.data(), back.data());
        assertEquals("{\"Matrix\":{\"rows\":1,\"cols\":2,\"data\":\"" + java.util.Base64.getEncoder().encodeToString(packed.data()) + "\"}}",
                JsonValues.toJson(m));
        assertThrows(WireException.class, () -> ValueCodec.unpacked(packed.kind(), 2, 2, packed.data()));
    }

    @Test
    void readingJsonBackRefusesWhatIsNotJson() throws IOException {
        try (JsonParser p = JsonValues.factory().createParser("[1, 123456789012345678901234567890]")) {
            assertThrows(WireException.class, () -> PackJson.fromJson(p, 10));
        }
        try (JsonParser p = JsonValues.factory().createParser("[[[1]]]")) {
            assertThrows(WireException.class, () -> PackJson.fromJson(p, 2));
        }
        ShapeError e = assertThrows(ShapeError.class, () -> JsonValues.parse("{\"Bytes\": \"" + HASH_HEX + "!\"}"));
        assertEquals(ShapeError.Kind.ArgumentError, e.kind());
    }
}
