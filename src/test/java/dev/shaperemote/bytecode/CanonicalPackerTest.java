package dev.shaperemote.bytecode;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The hash's own encoder writes the bytes msgpack-core writes, at every boundary between forms. */
class CanonicalPackerTest {
    private static final List<Long> INTEGERS = List.of(0L, 1L, 31L, 32L, 127L, 128L, 255L, 256L, 65_535L, 65_536L,
            4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE, -1L, -32L, -33L, -128L, -129L, -32_768L, -32_769L,
            (long) Integer.MIN_VALUE, (long) Integer.MIN_VALUE - 1, Long.MIN_VALUE);
    private static final List<Integer> LENGTHS = List.of(0, 1, 15, 16, 31, 32, 255, 256, 65_535, 65_536);

    @Test
    void integersTakeTheSmallestFormAsMsgpackCoreDoes() throws IOException {
        for (long v : INTEGERS) {
            MessageBufferPacker expected = MessagePack.newDefaultBufferPacker();
            expected.packLong(v);
            assertArrayEquals(expected.toByteArray(), new CanonicalPacker().integer(v).toByteArray(), "integer " + v);
        }
    }

    @Test
    void stringsBinariesAndHeadersMatchAtEveryLengthBoundary() throws IOException {
        for (int n : LENGTHS) {
            String s = "é".repeat(n / 2) + "x".repeat(n % 2); // multi-byte text: the header counts bytes
            byte[] bin = new byte[n];
            MessageBufferPacker expected = MessagePack.newDefaultBufferPacker();
            expected.packString(s).packBinaryHeader(n).writePayload(bin);
            expected.packArrayHeader(n).packMapHeader(n);
            byte[] actual = new CanonicalPacker().string(s).binary(bin).arrayHeader(n).mapHeader(n).toByteArray();
            assertArrayEquals(expected.toByteArray(), actual, "length " + n);
        }
    }

    @Test
    void floatsAndBooleansMatch() throws IOException {
        MessageBufferPacker expected = MessagePack.newDefaultBufferPacker();
        expected.packDouble(1.5).packDouble(Double.NaN).packDouble(-0.0).packBoolean(true).packBoolean(false);
        byte[] actual = new CanonicalPacker().float64(1.5).float64(Double.NaN).float64(-0.0).bool(true).bool(false).toByteArray();
        assertArrayEquals(expected.toByteArray(), actual);
    }
}
