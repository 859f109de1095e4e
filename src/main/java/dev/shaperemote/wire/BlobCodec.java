package dev.shaperemote.wire;

import dev.shaperemote.bytecode.BlobHasher;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.Values;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FunctionBlob} (WIRE.md section 6) and {@link Program} on the wire.
 *
 * <p>A blob is a map of all section-6 fields; its identity fields are written exactly as
 * {@link BlobHasher} hashes them (constants in their value form, as {@link ValueCodec} writes them). A program is
 * {@code {"entry": hash?, "functions": [[hash, FunctionBlob], ...]}} with the functions in
 * ascending hash order, so its encoding is deterministic. Decoding never checks a blob's hash:
 * that is the remote layer's ArgumentError, not a protocol error.
 */
public final class BlobCodec {
    private BlobCodec() {}

    // The blob of section 6, its keys in the order written (part of the canonical encoding, so of program_hash).
    private static final WireStruct.Key<FunctionHash> CONTENT_HASH = WireStruct.Key.required("content_hash", WireStruct.HASH);
    private static final WireStruct.Key<String> NAME = WireStruct.Key.required("name", WireStruct.STRING);
    private static final WireStruct.Key<Integer> ARITY = WireStruct.Key.required("arity", WireStruct.U16);
    private static final WireStruct.Key<List<String>> PARAM_NAMES = WireStruct.Key.required("param_names", WireStruct.STRINGS);
    private static final WireStruct.Key<Integer> LOCALS_COUNT = WireStruct.Key.required("locals_count", WireStruct.U16);
    private static final WireStruct.Key<Boolean> IS_CLOSURE = WireStruct.Key.required("is_closure", WireStruct.BOOL);
    private static final WireStruct.Key<Integer> CAPTURES_COUNT = WireStruct.Key.required("captures_count", WireStruct.U16);
    private static final WireStruct.Key<Boolean> IS_ASYNC = WireStruct.Key.required("is_async", WireStruct.BOOL);
    private static final WireStruct.Key<byte[]> INSTRUCTIONS = WireStruct.Key.required("instructions", WireStruct.BIN);
    /** Constants are written as {@link BlobHasher} hashes them, which is their value form; the value codec reads them. */
    private static final WireStruct.Key<List<Object>> CONSTANTS = WireStruct.Key.required("constants", WireStruct.listOf(new WireStruct.Type<>(
            BlobCodec::readConstant, (p, c, d) -> ValueCodec.write(p, c))));
    private static final WireStruct.Key<List<String>> STRINGS = WireStruct.Key.required("strings", WireStruct.STRINGS);
    private static final WireStruct.Key<List<FunctionHash>> DEPENDENCIES = WireStruct.Key.required("dependencies", WireStruct.HASHES);
    private static final WireStruct.Key<List<String>> TYPE_SCHEMAS = WireStruct.Key.required("type_schemas", WireStruct.STRINGS);
    private static final WireStruct.Key<List<int[]>> SOURCE_MAP = WireStruct.Key.required("source_map", WireStruct.listOf(new WireStruct.Type<>(
            BlobCodec::readSourceMapEntry, (p, e, d) -> {
                p.packArrayHeader(3);
                for (int i = 0; i < 3; i++) p.packLong(Integer.toUnsignedLong(e[i]));
            })));
    private static final WireStruct FUNCTION_BLOB = new WireStruct("FunctionBlob", CONTENT_HASH, NAME, ARITY, PARAM_NAMES, LOCALS_COUNT,
            IS_CLOSURE, CAPTURES_COUNT, IS_ASYNC, INSTRUCTIONS, CONSTANTS, STRINGS, DEPENDENCIES, TYPE_SCHEMAS, SOURCE_MAP);

    /** {@code [[hash, FunctionBlob], ...]}: the function_blobs of a Call and the functions of a program. */
    static final WireStruct.Type<List<HashedBlob>> HASHED_BLOBS = new WireStruct.Type<>(BlobCodec::readHashedBlobs, (p, blobs, d) -> {
        p.packArrayHeader(blobs.size());
        for (HashedBlob hb : blobs) {
            p.packArrayHeader(2);
            ValueCodec.hash(p, hb.hash());
            writeBlob(p, hb.blob());
        }
    });

    // The program's entry is written even when nil: the encoding is hashed (program_hash) and stays canonical.
    private static final WireStruct.Key<FunctionHash> ENTRY = WireStruct.Key.nullable("entry", WireStruct.HASH);
    private static final WireStruct.Key<List<HashedBlob>> FUNCTIONS = WireStruct.Key.required("functions", HASHED_BLOBS);
    private static final WireStruct PROGRAM = new WireStruct("BytecodeProgram", ENTRY, FUNCTIONS);
    static final WireStruct.Type<Program> PROGRAM_TYPE = new WireStruct.Type<>((r, what) -> readProgram(r), (p, program, d) -> writeProgram(p, program));

    public static void writeBlob(MessagePacker p, FunctionBlob b) throws IOException {
        if (b.contentHash() == null) throw new WireException("blob '" + b.name() + "' has no content hash");
        FUNCTION_BLOB.write(p, WireLimits.DEFAULT_MAX_DEPTH, b.contentHash(), b.name(), b.arity(), b.paramNames(), b.localsCount(),
                b.isClosure(), b.capturesCount(), b.isAsync(), b.instructions(), b.constants(), b.strings(), b.dependencies(),
                b.typeSchemas(), b.sourceMap());
    }

    public static void writeProgram(MessagePacker p, Program program) throws IOException {
        List<HashedBlob> functions = new ArrayList<>(program.blobs().size());
        for (Map.Entry<FunctionHash, FunctionBlob> e : program.blobs().entrySet()) { // a TreeMap: ascending hash order
            functions.add(new HashedBlob(e.getKey(), e.getValue()));
        }
        PROGRAM.write(p, WireLimits.DEFAULT_MAX_DEPTH, program.entry(), functions);
    }

    /** One blob alone, as section 6 writes it (for a store that holds blobs as bytes). */
    public static byte[] encode(FunctionBlob b) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            writeBlob(p, b);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob {@link #encode} wrote; a WireException when the bytes are not one. */
    public static FunctionBlob decode(byte[] bytes) { return readBlob(new WireReader(bytes, WireLimits.DEFAULT)); }

    // ---------------------------------------------------------------- decoding

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

    private static Object readConstant(WireReader r, String what) {
        Object c = ValueCodec.read(r, 1);
        if (!(c instanceof Long || c instanceof Double || c instanceof String || c instanceof Boolean)) {
            throw new WireException("a constant must be an int, a number, a string or a bool, got " + Values.typeName(c));
        }
        return c;
    }

    private static int[] readSourceMapEntry(WireReader r, String what) {
        r.tuple(what + " entry", 3);
        return new int[] {(int) r.u32(what), (int) r.u32(what), (int) r.u32(what)};
    }
}
