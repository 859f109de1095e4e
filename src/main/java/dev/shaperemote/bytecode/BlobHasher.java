package dev.shaperemote.bytecode;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(12);
            p.packString(b.name());
            p.packInt(b.arity());
            packStrings(p, b.paramNames());
            p.packInt(b.localsCount());
            p.packBoolean(b.isClosure());
            p.packInt(b.capturesCount());
            p.packBoolean(b.isAsync());
            p.packBinaryHeader(b.instructions().length);
            p.writePayload(b.instructions());
            p.packArrayHeader(b.constants().size());
            for (Object c : b.constants()) packConstant(p, c);
            packStrings(p, b.strings());
            p.packArrayHeader(b.dependencies().size());
            for (FunctionHash h : b.dependencies()) {
                byte[] bytes = h.bytes();
                p.packBinaryHeader(bytes.length);
                p.writePayload(bytes);
            }
            packStrings(p, b.typeSchemas());
            return FunctionHash.of(sha256(p.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A constant in its wire form: {@code {"Int": i}}, {@code {"Number": f}}, {@code {"String": s}} or {@code {"Bool": b}}. */
    public static void packConstant(MessagePacker p, Object c) throws IOException {
        p.packMapHeader(1);
        if (c instanceof Long l) { p.packString("Int"); p.packLong(l); }
        else if (c instanceof Double d) { p.packString("Number"); p.packDouble(d); }
        else if (c instanceof String s) { p.packString("String"); p.packString(s); }
        else if (c instanceof Boolean b) { p.packString("Bool"); p.packBoolean(b); }
        else throw new IllegalArgumentException("not a constant: " + c);
    }

    private static void packStrings(MessagePacker p, List<String> strings) throws IOException {
        p.packArrayHeader(strings.size());
        for (String s : strings) p.packString(s);
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
