package dev.shaperemote.wire;

import dev.shaperemote.bytecode.BlobHasher;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.Values;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FunctionBlob} (WIRE.md section 6) and {@link Program} on the wire.
 *
 * <p>A blob is a map of all section-6 fields; its identity fields are written exactly as
 * {@link BlobHasher} hashes them (constants through {@link BlobHasher#packConstant}). A program is
 * {@code {"entry": hash?, "functions": [[hash, FunctionBlob], ...]}} with the functions in
 * ascending hash order, so its encoding is deterministic. Decoding never checks a blob's hash:
 * that is the remote layer's ArgumentError, not a protocol error.
 */
public final class BlobCodec {
    private BlobCodec() {}

    public static void writeBlob(MessagePacker p, FunctionBlob b) throws IOException {
        if (b.contentHash() == null) throw new WireException("blob '" + b.name() + "' has no content hash");
        p.packMapHeader(14);
        p.packString("content_hash");
        ValueCodec.hash(p, b.contentHash());
        p.packString("name");
        p.packString(b.name());
        p.packString("arity");
        p.packInt(b.arity());
        p.packString("param_names");
        strings(p, b.paramNames());
        p.packString("locals_count");
        p.packInt(b.localsCount());
        p.packString("is_closure");
        p.packBoolean(b.isClosure());
        p.packString("captures_count");
        p.packInt(b.capturesCount());
        p.packString("is_async");
        p.packBoolean(b.isAsync());
        p.packString("instructions");
        ValueCodec.bin(p, b.instructions());
        p.packString("constants");
        p.packArrayHeader(b.constants().size());
        for (Object c : b.constants()) BlobHasher.packConstant(p, c);
        p.packString("strings");
        strings(p, b.strings());
        p.packString("dependencies");
        hashes(p, b.dependencies());
        p.packString("type_schemas");
        strings(p, b.typeSchemas());
        p.packString("source_map");
        p.packArrayHeader(b.sourceMap().size());
        for (int[] e : b.sourceMap()) {
            p.packArrayHeader(3);
            for (int i = 0; i < 3; i++) p.packLong(Integer.toUnsignedLong(e[i]));
        }
    }

    public static void writeProgram(MessagePacker p, Program program) throws IOException {
        p.packMapHeader(2);
        p.packString("entry");
        ValueCodec.optionalHash(p, program.entry());
        p.packString("functions");
        p.packArrayHeader(program.blobs().size());
        for (Map.Entry<FunctionHash, FunctionBlob> e : program.blobs().entrySet()) { // a TreeMap: ascending hash order
            p.packArrayHeader(2);
            ValueCodec.hash(p, e.getKey());
            writeBlob(p, e.getValue());
        }
    }

    static void writeHashedBlobs(MessagePacker p, List<HashedBlob> blobs) throws IOException {
        p.packArrayHeader(blobs.size());
        for (HashedBlob hb : blobs) {
            p.packArrayHeader(2);
            ValueCodec.hash(p, hb.hash());
            writeBlob(p, hb.blob());
        }
    }

    static void strings(MessagePacker p, List<String> strings) throws IOException {
        p.packArrayHeader(strings.size());
        for (String s : strings) p.packString(s);
    }

    static void hashes(MessagePacker p, List<FunctionHash> hashes) throws IOException {
        p.packArrayHeader(hashes.size());
        for (FunctionHash h : hashes) ValueCodec.hash(p, h);
    }

    // ---------------------------------------------------------------- decoding

    static FunctionBlob readBlob(WireReader r) {
        final String s = "FunctionBlob";
        int n = r.mapHeader(s);
        FunctionHash contentHash = null;
        String name = null;
        Integer arity = null, localsCount = null, capturesCount = null;
        Boolean isClosure = null, isAsync = null;
        List<String> paramNames = null, strings = null, typeSchemas = null;
        byte[] instructions = null;
        List<Object> constants = null;
        List<FunctionHash> dependencies = null;
        List<int[]> sourceMap = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "content_hash": contentHash = r.hash(s + ".content_hash"); break;
                case "name": name = r.string(s + ".name"); break;
                case "arity": arity = r.u16(s + ".arity"); break;
                case "param_names": paramNames = readStrings(r, s + ".param_names"); break;
                case "locals_count": localsCount = r.u16(s + ".locals_count"); break;
                case "is_closure": isClosure = r.bool(s + ".is_closure"); break;
                case "captures_count": capturesCount = r.u16(s + ".captures_count"); break;
                case "is_async": isAsync = r.bool(s + ".is_async"); break;
                case "instructions": instructions = r.bin(s + ".instructions"); break;
                case "constants": constants = readConstants(r); break;
                case "strings": strings = readStrings(r, s + ".strings"); break;
                case "dependencies": dependencies = readHashes(r, s + ".dependencies"); break;
                case "type_schemas": typeSchemas = readStrings(r, s + ".type_schemas"); break;
                case "source_map": sourceMap = readSourceMap(r); break;
                default: r.skip(s + "." + k);
            }
        }
        return new FunctionBlob(WireReader.required(s, "content_hash", contentHash),
                WireReader.required(s, "name", name),
                WireReader.required(s, "arity", arity),
                WireReader.required(s, "param_names", paramNames),
                WireReader.required(s, "locals_count", localsCount),
                WireReader.required(s, "is_closure", isClosure),
                WireReader.required(s, "captures_count", capturesCount),
                WireReader.required(s, "is_async", isAsync),
                WireReader.required(s, "instructions", instructions),
                WireReader.required(s, "constants", constants),
                WireReader.required(s, "strings", strings),
                WireReader.required(s, "dependencies", dependencies),
                WireReader.required(s, "type_schemas", typeSchemas),
                WireReader.required(s, "source_map", sourceMap));
    }

    static Program readProgram(WireReader r) {
        int n = r.mapHeader("BytecodeProgram");
        FunctionHash entry = null;
        List<HashedBlob> functions = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("BytecodeProgram key");
            switch (k) {
                case "entry": entry = r.tryNil("BytecodeProgram.entry") ? null : r.hash("BytecodeProgram.entry"); break;
                case "functions": functions = readHashedBlobs(r, "BytecodeProgram.functions"); break;
                default: r.skip("BytecodeProgram." + k);
            }
        }
        WireReader.required("BytecodeProgram", "functions", functions);
        Map<FunctionHash, FunctionBlob> blobs = new LinkedHashMap<>();
        for (HashedBlob hb : functions) {
            if (blobs.put(hb.hash(), hb.blob()) != null) throw new WireException("BytecodeProgram.functions lists " + hb.hash() + " twice");
        }
        return new Program(entry, blobs);
    }

    static List<HashedBlob> readHashedBlobs(WireReader r, String what) {
        int n = r.arrayHeader(what);
        List<HashedBlob> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.tuple(what + " entry", 2);
            FunctionHash h = r.hash(what + " entry hash");
            out.add(new HashedBlob(h, readBlob(r)));
        }
        return out;
    }

    static List<String> readStrings(WireReader r, String what) {
        int n = r.arrayHeader(what);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(r.string(what));
        return List.copyOf(out);
    }

    static List<FunctionHash> readHashes(WireReader r, String what) {
        int n = r.arrayHeader(what);
        List<FunctionHash> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(r.hash(what));
        return List.copyOf(out);
    }

    /** Constants are written as the values they are (WIRE.md section 6), so the value codec reads them; only four kinds are constants. */
    private static List<Object> readConstants(WireReader r) {
        String what = "FunctionBlob.constants";
        int n = r.arrayHeader(what);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object c = ValueCodec.read(r, 1);
            if (!(c instanceof Long || c instanceof Double || c instanceof String || c instanceof Boolean)) {
                throw new WireException("a constant must be an int, a number, a string or a bool, got " + Values.typeName(c));
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    private static List<int[]> readSourceMap(WireReader r) {
        String what = "FunctionBlob.source_map";
        int n = r.arrayHeader(what);
        List<int[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.tuple(what + " entry", 3);
            out.add(new int[] {(int) r.u32(what), (int) r.u32(what), (int) r.u32(what)});
        }
        return List.copyOf(out);
    }

}
