package dev.shaperemote.bytecode;

import java.nio.ByteBuffer;

/** The byte form of code words inside a blob: each word a big-endian 32-bit integer. */
public final class Instructions {
    private Instructions() {}

    public static byte[] encode(int[] code) {
        ByteBuffer b = ByteBuffer.allocate(code.length * 4);
        for (int w : code) b.putInt(w);
        return b.array();
    }

    public static int[] decode(byte[] bytes) {
        if (bytes.length % 4 != 0) throw new IllegalArgumentException("instructions are not a whole number of 32-bit words");
        int[] code = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).asIntBuffer().get(code);
        return code;
    }
}
