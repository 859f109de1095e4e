package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A MessageUnpacker over one payload that checks every type and every declared size before it
 * reads or allocates: an array of n elements needs at least n bytes left, a map 2n, a str or bin n.
 * Every failure is a {@link WireException} that names what was being read.
 *
 * <p>A reader of a document converted from JSON ({@link PackJson#fromJson}) is <em>JSON-born</em>
 * (WIRE.md section 7, "Reading JSON"): JSON has no bin, so where bin stands it takes a string (base64,
 * or 64 hex digits for a hash); a float may be "NaN", "Infinity" or "-Infinity" (as Jackson writes
 * them); {@link ValueCodec} reads plain JSON beside tagged values.
 */
final class WireReader {
    private final MessageUnpacker u;
    private final long total;
    final WireLimits limits;
    /** Null for MessagePack as sent; for a JSON-born document, what becomes of the values that need a program. */
    final ValueCodec.ProgramValues jsonBorn;

    WireReader(byte[] payload, WireLimits limits) { this(payload, 0, payload.length, limits, null); }

    /** Reads {@code length} bytes of {@code src} from {@code offset}, in place (no copy of the payload). */
    WireReader(byte[] src, int offset, int length, WireLimits limits) { this(src, offset, length, limits, null); }

    WireReader(byte[] src, int offset, int length, WireLimits limits, ValueCodec.ProgramValues jsonBorn) {
        this.u = MessagePack.newDefaultUnpacker(src, offset, length);
        this.total = length;
        this.limits = limits;
        this.jsonBorn = jsonBorn;
    }

    /** A decoded value that needs a program: as it is from the wire, resolved or refused in a JSON-born document. */
    Object programValue(Object v) { return jsonBorn == null ? v : jsonBorn.resolve(v); }

    /** True (and nothing consumed) when a JSON-born document holds a string where bin is expected. */
    private boolean textForBin(String what) { return jsonBorn != null && nextType(what) == ValueType.STRING; }

    long remaining() { return total - u.getTotalReadBytes(); }

    boolean atEnd() { return remaining() <= 0; }

    ValueType nextType(String what) {
        if (atEnd()) throw new WireException("input ends where " + what + " should be");
        try {
            MessageFormat f = u.getNextFormat();
            if (f == MessageFormat.NEVER_USED) throw new WireException("invalid MessagePack byte 0xc1 in " + what);
            return f.getValueType();
        } catch (IOException | MessagePackException e) {
            throw new WireException("malformed MessagePack in " + what, e);
        }
    }

    /** Consumes a nil and returns true, or returns false and leaves a non-nil value in place. */
    boolean tryNil(String what) {
        if (nextType(what) != ValueType.NIL) return false;
        try {
            u.unpackNil();
        } catch (IOException | MessagePackException e) {
            throw new WireException("malformed MessagePack in " + what, e);
        }
        return true;
    }

    int mapHeader(String what) {
        expect(what, ValueType.MAP, "a map");
        int n = run(what, u::unpackMapHeader);
        if (n < 0 || 2L * n > remaining()) throw new WireException(what + " declares " + Integer.toUnsignedString(n) + " entries, more than the input holds");
        return n;
    }

    int arrayHeader(String what) {
        expect(what, ValueType.ARRAY, "an array");
        int n = run(what, u::unpackArrayHeader);
        if (n < 0 || n > remaining()) throw new WireException(what + " declares " + Integer.toUnsignedString(n) + " elements, more than the input holds");
        return n;
    }

    /** An array header that must declare exactly {@code n} elements (tuples such as {@code [hash, blob]}). */
    void tuple(String what, int n) {
        int got = arrayHeader(what);
        if (got != n) throw new WireException(what + " must be an array of " + n + " elements, got " + got);
    }

    String string(String what) {
        expect(what, ValueType.STRING, "a string");
        int n = run(what, u::unpackRawStringHeader);
        byte[] bytes = payload(what, n);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    byte[] bin(String what) {
        if (textForBin(what)) {
            try {
                return Base64.getDecoder().decode(string(what));
            } catch (IllegalArgumentException e) {
                throw new WireException(what + " must be base64");
            }
        }
        expect(what, ValueType.BINARY, "bin");
        int n = run(what, u::unpackBinaryHeader);
        return payload(what, n);
    }

    FunctionHash hash(String what) {
        if (textForBin(what)) {
            String hex = string(what);
            try {
                if (hex.length() == 2 * FunctionHash.LENGTH) return FunctionHash.of(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                // not hex: refused below
            }
            throw new WireException(what + " must be a hash of 64 hex digits");
        }
        byte[] b = bin(what);
        if (b.length != FunctionHash.LENGTH) throw new WireException(what + " must be a hash of exactly 32 bytes, got " + b.length);
        return FunctionHash.of(b);
    }

    boolean bool(String what) {
        expect(what, ValueType.BOOLEAN, "a bool");
        return run(what, u::unpackBoolean);
    }

    long i64(String what) {
        expect(what, ValueType.INTEGER, "an integer");
        return run(what, u::unpackLong);
    }

    /** An unsigned integer no larger than {@code max}. */
    long unsigned(String what, long max) {
        long v = i64(what);
        if (v < 0 || v > max) throw new WireException(what + " must be an integer from 0 to " + max + ", got " + v);
        return v;
    }

    long u64(String what) { return unsigned(what, Long.MAX_VALUE); }

    long u32(String what) { return unsigned(what, 0xFFFF_FFFFL); }

    int u16(String what) { return (int) unsigned(what, 0xFFFF); }

    /** A u32 that Java must hold as an int (ids, line numbers). */
    int u31(String what) { return (int) unsigned(what, Integer.MAX_VALUE); }

    /** float64 or float32; an integer is accepted too, for senders whose language has one number type. */
    double f64(String what) {
        ValueType t = nextType(what);
        if (t == ValueType.FLOAT) return run(what, u::unpackDouble);
        if (t == ValueType.INTEGER) return run(what, u::unpackLong);
        if (t == ValueType.STRING && jsonBorn != null) {
            switch (string(what)) {
                case "NaN": return Double.NaN;
                case "Infinity", "inf": return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
                default: throw new WireException(what + " must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
            }
        }
        throw new WireException(what + " must be a float, got " + name(t));
    }

    /** Skips one value of any shape (unknown keys); msgpack-core skips iteratively, so depth costs no stack. */
    void skip(String what) {
        nextType(what);
        try {
            u.skipValue();
        } catch (IOException | MessagePackException e) {
            throw new WireException("malformed MessagePack in " + what, e);
        }
    }

    void checkDepth(int depth, String what) {
        if (depth > limits.maxDepth()) throw new WireException(what + " is nested more than " + limits.maxDepth() + " levels deep");
    }

    private byte[] payload(String what, int n) {
        if (n < 0 || n > remaining()) throw new WireException(what + " declares " + Integer.toUnsignedString(n) + " bytes, more than the input holds");
        // The size is checked against the input above, so the one exact array is safe; readPayload fills it with one copy.
        return run(what, () -> u.readPayload(n));
    }

    private void expect(String what, ValueType want, String wantName) {
        ValueType t = nextType(what);
        if (t != want) throw new WireException(what + " must be " + wantName + ", got " + name(t));
    }

    /** The value of a required key, or a ProtocolError naming the key when it was absent. */
    static <T> T required(String struct, String key, T value) {
        if (value == null) throw WireException.missingKey(struct, key);
        return value;
    }

    static String name(ValueType t) { return t.name().toLowerCase(java.util.Locale.ROOT); }

    @FunctionalInterface
    private interface Read<T> { T get() throws IOException; }

    private <T> T run(String what, Read<T> r) {
        try {
            return r.get();
        } catch (IOException | MessagePackException e) {
            throw new WireException("malformed MessagePack in " + what, e);
        }
    }
}
