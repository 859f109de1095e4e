package dev.shaperemote.vm;

import java.util.Arrays;

/** Raw bytes. */
public record BytesValue(byte[] data) {
    @Override public boolean equals(Object o) { return o instanceof BytesValue b && Arrays.equals(data, b.data); }

    @Override public int hashCode() { return Arrays.hashCode(data); }

    @Override public String toString() { return "Bytes(" + data.length + ")"; }
}
