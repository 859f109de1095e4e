package dev.shaperemote.bytecode;

import java.util.Arrays;
import java.util.HexFormat;

/** A function's identity: the SHA-256 of its blob's identity fields (WIRE.md section 6). */
public final class FunctionHash implements Comparable<FunctionHash> {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private FunctionHash(byte[] bytes) { this.bytes = bytes; }

    public static FunctionHash of(byte[] bytes) {
        if (bytes.length != LENGTH) throw new IllegalArgumentException("a function hash is 32 bytes, got " + bytes.length);
        return new FunctionHash(bytes.clone());
    }

    public static FunctionHash fromHex(String hex) { return of(HexFormat.of().parseHex(hex)); }

    public byte[] bytes() { return bytes.clone(); }

    public String hex() { return HexFormat.of().formatHex(bytes); }

    @Override public boolean equals(Object o) { return o instanceof FunctionHash h && Arrays.equals(bytes, h.bytes); }

    @Override public int hashCode() { return Arrays.hashCode(bytes); }

    @Override public int compareTo(FunctionHash o) { return Arrays.compareUnsigned(bytes, o.bytes); }

    @Override public String toString() { return hex(); }
}
