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

    private static final WireStruct.Key<FunctionHash> CONTENT_HASH = WireStruct.Key.required("content_hash", WireReader::hash);
    private static final WireStruct.Key<String> NAME = WireStruct.Key.required("name", WireReader::string);
    private static final WireStruct.Key<Integer> ARITY = WireStruct.Key.required("arity", WireReader::u16);
    private static final WireStruct.Key<List<String>> PARAM_NAMES = WireStruct.Key.required("param_names", BlobCodec::readStrings);
    private static final WireStruct.Key<Integer> LOCALS_COUNT = WireStruct.Key.required("locals_count", WireReader::u16);
    private static final WireStruct.Key<Boolean> IS_CLOSURE = WireStruct.Key.required("is_closure", WireReader::bool);
    private static final WireStruct.Key<Integer> CAPTURES_COUNT = WireStruct.Key.required("captures_count", WireReader::u16);
    private static final WireStruct.Key<Boolean> IS_ASYNC = WireStruct.Key.required("is_async", WireReader::bool);
    private static final WireStruct.Key<byte[]> INSTRUCTIONS = WireStruct.Key.required("instructions", WireReader::bin);
    private static final WireStruct.Key<List<Object>> CONSTANTS = WireStruct.Key.required("constants", BlobCodec::readConstants);
    private static final WireStruct.Key<List<String>> STRINGS = WireStruct.Key.required("strings", BlobCodec::readStrings);
    private static final WireStruct.Key<List<FunctionHash>> DEPENDENCIES = WireStruct.Key.required("dependencies", BlobCodec::readHashes);
    private static final WireStruct.Key<List<String>> TYPE_SCHEMAS = WireStruct.Key.required("type_schemas", BlobCodec::readStrings);
    private static final WireStruct.Key<List<int[]>> SOURCE_MAP = WireStruct.Key.required("source_map", BlobCodec::readSourceMap);
    private static final WireStruct FUNCTION_BLOB = new WireStruct("FunctionBlob", CONTENT_HASH, NAME, ARITY, PARAM_NAMES, LOCALS_COUNT,
            IS_CLOSURE, CAPTURES_COUNT, IS_ASYNC, INSTRUCTIONS, CONSTANTS, STRINGS, DEPENDENCIES, TYPE_SCHEMAS, SOURCE_MAP);

    private static final WireStruct.Key<FunctionHash> ENTRY = WireStruct.Key.optional("entry", WireReader::hash);
    private static final WireStruct.Key<List<HashedBlob>> FUNCTIONS = WireStruct.Key.required("functions", BlobCodec::readHashedBlobs);
    private static final WireStruct PROGRAM = new WireStruct("BytecodeProgram", ENTRY, FUNCTIONS);

    static FunctionBlob readBlob(WireReader r) {
        WireStruct.Fields f = FUNCTION_BLOB.read(r);
        return new FunctionBlob(f.required(CONTENT_HASH), f.required(NAME), f.required(ARITY), f.required(PARAM_NAMES),
                f.required(LOCALS_COUNT), f.required(IS_CLOSURE), f.required(CAPTURES_COUNT), f.required(IS_ASYNC),
                f.required(INSTRUCTIONS), f.required(CONSTANTS), f.required(STRINGS), f.required(DEPENDENCIES),
                f.required(TYPE_SCHEMAS), f.required(SOURCE_MAP));
    }

    static Program readProgram(WireReader r) {
        WireStruct.Fields f = PROGRAM.read(r);
        Map<FunctionHash, FunctionBlob> blobs = new LinkedHashMap<>();
        for (HashedBlob hb : f.required(FUNCTIONS)) {
            if (blobs.put(hb.hash(), hb.blob()) != null) throw new WireException("BytecodeProgram.functions lists " + hb.hash() + " twice");
        }
        return new Program(f.get(ENTRY), blobs);
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

    static List<String> readStrings(WireReader r, String what) { return readList(r, what, WireReader::string); }

    static List<FunctionHash> readHashes(WireReader r, String what) { return readList(r, what, WireReader::hash); }

    /** An array whose items {@code item} reads, as an unmodifiable list. */
    private static <T> List<T> readList(WireReader r, String what, WireStruct.Reader<T> item) {
        int n = r.arrayHeader(what);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(item.read(r, what));
        return List.copyOf(out);
    }

    /** Constants are written as the values they are (WIRE.md section 6), so the value codec reads them; only four kinds are constants. */
    private static List<Object> readConstants(WireReader r, String what) {
        return readList(r, what, (in, w) -> {
            Object c = ValueCodec.read(in, 1);
            if (!(c instanceof Long || c instanceof Double || c instanceof String || c instanceof Boolean)) {
                throw new WireException("a constant must be an int, a number, a string or a bool, got " + Values.typeName(c));
            }
            return c;
        });
    }

    private static List<int[]> readSourceMap(WireReader r, String what) {
        return readList(r, what, (in, w) -> {
            in.tuple(w + " entry", 3);
            return new int[] {(int) in.u32(w), (int) in.u32(w), (int) in.u32(w)};
        });
    }

}
