package dev.shaperemote.bytecode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Computes a blob's content hash: SHA-256 over the MessagePack array of its identity fields, each
 * encoded exactly as on the wire (WIRE.md section 6).
 */
public final class BlobHasher {
    private BlobHasher() {}

    public static FunctionHash contentHash(FunctionBlob b) {
        CanonicalPacker p = new CanonicalPacker().arrayHeader(12)
                .string(b.name())
                .integer(b.arity());
        strings(p, b.paramNames());
        p.integer(b.localsCount())
                .bool(b.isClosure())
                .integer(b.capturesCount())
                .bool(b.isAsync())
                .binary(b.instructions())
                .arrayHeader(b.constants().size());
        for (Object c : b.constants()) constant(p, c);
        strings(p, b.strings());
        p.arrayHeader(b.dependencies().size());
        for (FunctionHash h : b.dependencies()) p.binary(h.bytes());
        strings(p, b.typeSchemas());
        return FunctionHash.of(sha256(p.toByteArray()));
    }

    /** A constant in its wire form, the value form of WIRE.md section 7 for the four constant kinds. */
    private static void constant(CanonicalPacker p, Object c) {
        p.mapHeader(1);
        if (c instanceof Long l) p.string("Int").integer(l);
        else if (c instanceof Double d) p.string("Number").float64(d);
        else if (c instanceof String s) p.string("String").string(s);
        else if (c instanceof Boolean b) p.string("Bool").bool(b);
        else throw new IllegalArgumentException("not a constant: " + c);
    }

    private static void strings(CanonicalPacker p, List<String> strings) {
        p.arrayHeader(strings.size());
        for (String s : strings) p.string(s);
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
