package dev.shaperemote.bytecode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few MessagePack forms a blob's content hash is taken over, each in its smallest encoding
 * (the one msgpack-core writes, so the bytes equal the wire's). The bytecode layer stands on the
 * JDK alone, and a hash must not change with a library's version: the encoding is pinned here.
 */
final class CanonicalPacker {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    byte[] toByteArray() { return out.toByteArray(); }

    CanonicalPacker arrayHeader(int n) { return header(n, 0x90, 16, 0xdc, 0xdd); }

    CanonicalPacker mapHeader(int n) { return header(n, 0x80, 16, 0xde, 0xdf); }

    CanonicalPacker bool(boolean b) { out.write(b ? 0xc3 : 0xc2); return this; }

    CanonicalPacker string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length < 32) out.write(0xa0 | utf8.length);
        else if (utf8.length < 1 << 8) { out.write(0xd9); out.write(utf8.length); }
        else if (utf8.length < 1 << 16) { out.write(0xda); be(utf8.length, 2); }
        else { out.write(0xdb); be(utf8.length, 4); }
        out.writeBytes(utf8);
        return this;
    }

    CanonicalPacker binary(byte[] data) {
        if (data.length < 1 << 8) { out.write(0xc4); out.write(data.length); }
        else if (data.length < 1 << 16) { out.write(0xc5); be(data.length, 2); }
        else { out.write(0xc6); be(data.length, 4); }
        out.writeBytes(data);
        return this;
    }

    CanonicalPacker float64(double d) { out.write(0xcb); be(Double.doubleToRawLongBits(d), 8); return this; }

    CanonicalPacker integer(long v) {
        if (v < -(1L << 5)) {
            if (v < -(1L << 31)) { out.write(0xd3); be(v, 8); }
            else if (v < -(1L << 15)) { out.write(0xd2); be(v, 4); }
            else if (v < -(1L << 7)) { out.write(0xd1); be(v, 2); }
            else { out.write(0xd0); be(v, 1); }
        } else if (v < 1 << 7) {
            out.write((int) v); // positive or negative fixint
        } else if (v < 1L << 8) { out.write(0xcc); be(v, 1); }
        else if (v < 1L << 16) { out.write(0xcd); be(v, 2); }
        else if (v < 1L << 32) { out.write(0xce); be(v, 4); }
        else { out.write(0xcf); be(v, 8); }
        return this;
    }

    private CanonicalPacker header(int n, int fix, int fixLimit, int form16, int form32) {
        if (n < fixLimit) out.write(fix | n);
        else if (n < 1 << 16) { out.write(form16); be(n, 2); }
        else { out.write(form32); be(n, 4); }
        return this;
    }

    private void be(long v, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out.write((int) (v >>> shift));
    }
}
