package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.BytesValue;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.ElementKind;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.ErrValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.MatrixValue;
import dev.shaperemote.vm.NativeFunction;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.vm.RangeValue;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.vm.TypedArray;
import dev.shaperemote.vm.Values;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Shape values to and from their MessagePack form (WIRE.md section 7).
 *
 * <p>Decoding gives VM values, except for what needs a program to become one: function values
 * decode to {@link WireFunctionRef} / {@link WireClosure}, decimals to {@link WireDecimal}, sidecar
 * placeholders to {@link SidecarRef}. Encoding accepts both those records and linked VM closures.
 * Typed array and bytes data go from bin straight into the packed array the value keeps.
 *
 * <p>This is the one place a value's shape is written: the JSON form is this encoding converted by
 * {@link PackJson}, and JSON is read back by converting it to MessagePack and decoding it here in the
 * JSON-born mode ({@link #decodeJsonBorn}; WIRE.md section 7, "The JSON form").
 */
public final class ValueCodec {
    private ValueCodec() {}

    /** The sidecar kind of a typed array is this prefix and its element kind (WIRE.md section 8). */
    private static final String TYPED_ARRAY_KIND = "TypedArray:";

    /**
     * What reading a JSON-born document does with the values that need a program to become VM values
     * ({@link WireFunctionRef}, {@link WireClosure}, {@link WireDecimal}, {@link SidecarRef}): resolve or refuse them.
     */
    @FunctionalInterface
    public interface ProgramValues {
        Object resolve(Object wireValue);
    }

    /** One value as a standalone MessagePack document. */
    /** The reserved Object key that carries a struct value's type name (WIRE.md section 7). */
    public static final String TYPE_FIELD = "$type";

    public static byte[] encode(Object v) { return encode(v, WireLimits.DEFAULT_MAX_DEPTH); }

    /** One value nested at most {@code maxDepth} levels as a standalone MessagePack document. */
    public static byte[] encode(Object v, int maxDepth) {
        try (org.msgpack.core.MessageBufferPacker p = org.msgpack.core.MessagePack.newDefaultBufferPacker()) {
            write(p, v, maxDepth);
            return p.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Decodes a standalone value document; trailing bytes are an error. */
    public static Object decode(byte[] bytes, WireLimits limits) {
        return readWhole(new WireReader(bytes, limits));
    }

    /**
     * Decodes a value document converted from JSON ({@link PackJson#fromJson}) in the JSON-born mode: a
     * string stands where bin does, plain JSON beside tagged values ({@link WireReader}, {@link #read}).
     */
    static Object decodeJsonBorn(byte[] bytes, int maxDepth, ProgramValues programValues) {
        return readWhole(new WireReader(bytes, 0, bytes.length, WireLimits.DEFAULT.withMaxDepth(maxDepth), programValues));
    }

    private static Object readWhole(WireReader r) {
        Object v = read(r, 1);
        if (!r.atEnd()) throw new WireException("trailing bytes after a value");
        return v;
    }

    // ---------------------------------------------------------------- packed data (values, sidecars)

    /** A typed array, matrix or bytes value as one packed array, with its sidecar kind and sizes (WIRE.md section 8). */
    public record Packed(String kind, long metaA, long metaB, byte[] data) {}

    /** The packed form of a typed array, matrix or bytes value; null for any other value. */
    public static Packed packed(Object v) {
        if (v instanceof TypedArray t) return new Packed(TYPED_ARRAY_KIND + t.kind.name(), t.length, 0, t.data);
        if (v instanceof MatrixValue m) return new Packed("Matrix", m.rows(), m.cols(), matrixBytes(m));
        if (v instanceof BytesValue b) return new Packed("Bytes", b.data().length, 0, b.data());
        return null;
    }

    /** The value whose packed form this is; a kind it does not know, or sizes that do not fit the data, are a WireException. */
    public static Object unpacked(String kind, long metaA, long metaB, byte[] data) {
        if (kind.startsWith(TYPED_ARRAY_KIND)) return typedArray(elementKind(kind.substring(TYPED_ARRAY_KIND.length())), metaA, data);
        if (kind.equals("Matrix")) return matrix(metaA, metaB, data);
        if (kind.equals("Bytes")) return new BytesValue(data);
        throw new WireException("unknown kind \"" + kind + "\"");
    }

    /** A matrix's data as the wire carries it: f64 little-endian, row-major. */
    static byte[] matrixBytes(MatrixValue m) {
        ByteBuffer buf = ByteBuffer.allocate(m.data().length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(m.data());
        return buf.array();
    }

    private static MatrixValue matrix(long rows, long cols, byte[] data) {
        long cells = rows * cols; // both < 2^32, so no overflow
        if (cells > Integer.MAX_VALUE / 8 || cells * 8 != data.length || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new WireException("Matrix " + rows + "x" + cols + " needs " + (cells * 8) + " bytes of data, got " + data.length);
        }
        double[] values = new double[(int) cells];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return new MatrixValue((int) rows, (int) cols, values);
    }

    private static TypedArray typedArray(ElementKind kind, long len, byte[] data) {
        if (len > Integer.MAX_VALUE || len * kind.width != data.length) {
            throw new WireException("TypedArray of " + len + " " + kind + " elements needs " + (len * kind.width) + " bytes of data, got " + data.length);
        }
        return new TypedArray(kind, (int) len, data);
    }

    // ---------------------------------------------------------------- encoding

    public static void write(MessagePacker p, Object v) throws IOException { write(p, v, 1, WireLimits.DEFAULT_MAX_DEPTH); }

    public static void write(MessagePacker p, Object v, int maxDepth) throws IOException { write(p, v, 1, maxDepth); }

    static void write(MessagePacker p, Object v, int depth, int maxDepth) throws IOException {
        // The same ceiling as decoding: a value the receiver would refuse is not sent, and a cyclic array cannot loop.
        if (depth > maxDepth) {
            throw WireException.unencodable(WireException.Reason.TOO_DEEP_TO_ENCODE, "value nested more than " + maxDepth + " levels deep to encode");
        }
        if (v == null || v == Nil.NONE) {
            p.packString("None");
        } else if (v == Nil.UNIT) {
            p.packString("Unit");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            tag(p, "Int");
            p.packLong(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            tag(p, "Number");
            p.packDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            tag(p, "Bool");
            p.packBoolean(b);
        } else if (v instanceof String s) {
            tag(p, "String");
            p.packString(s);
        } else if (v instanceof WireDecimal d) {
            tag(p, "Decimal");
            p.packString(d.text());
        } else if (v instanceof SomeValue s) {
            tag(p, "Some");
            write(p, s.value(), depth + 1, maxDepth);
        } else if (v instanceof OkValue s) {
            tag(p, "Ok");
            write(p, s.value(), depth + 1, maxDepth);
        } else if (v instanceof ErrValue s) {
            tag(p, "Err");
            write(p, s.value(), depth + 1, maxDepth);
        } else if (v instanceof ArrayValue a) {
            tag(p, "Array");
            writeList(p, a.items, depth, maxDepth);
        } else if (v instanceof MapValue m) {
            tag(p, "HashMap");
            p.packMapHeader(2);
            p.packString("keys");
            writeList(p, m.entries().keySet(), depth, maxDepth);
            p.packString("values");
            writeList(p, m.entries().values(), depth, maxDepth);
        } else if (v instanceof ObjectValue o) {
            tag(p, "Object");
            // A struct value's declared type travels as a first field "$type" holding a String value
            // (WIRE.md section 7): no Shape field can have that name, and a reader that does not know it sees a field.
            if (o.fields.containsKey(TYPE_FIELD)) {
                throw WireException.unencodable(WireException.Reason.NO_WIRE_FORM, "an object field named \"" + TYPE_FIELD
                        + "\" has no wire form: the name is reserved for a struct's type name");
            }
            p.packMapHeader(o.fields.size() + (o.typeName == null ? 0 : 1));
            if (o.typeName != null) {
                p.packString(TYPE_FIELD);
                tag(p, "String");
                p.packString(o.typeName);
            }
            for (var e : o.fields.entrySet()) {
                p.packString(e.getKey());
                write(p, e.getValue(), depth + 1, maxDepth);
            }
        } else if (v instanceof EnumValue e) {
            tag(p, "Enum");
            p.packMapHeader(3);
            p.packString("enum_name");
            p.packString(e.enumName());
            p.packString("variant");
            p.packString(e.variant());
            p.packString("payload");
            writeList(p, java.util.Arrays.asList(e.payload()), depth, maxDepth);
        } else if (v instanceof RangeValue r) {
            tag(p, "Range");
            p.packMapHeader(1 + MessageCodec.present(r.start(), r.end()));
            writeOptional(p, "start", r.start(), depth, maxDepth);
            writeOptional(p, "end", r.end(), depth, maxDepth);
            p.packString("inclusive");
            p.packBoolean(r.inclusive());
        } else if (v instanceof TypedArray t) {
            tag(p, "TypedArray");
            p.packMapHeader(3);
            p.packString("element_kind");
            p.packString(t.kind.name());
            p.packString("len");
            p.packLong(t.length);
            p.packString("data");
            bin(p, t.data);
        } else if (v instanceof MatrixValue m) {
            tag(p, "Matrix");
            p.packMapHeader(3);
            p.packString("rows");
            p.packLong(m.rows());
            p.packString("cols");
            p.packLong(m.cols());
            p.packString("data");
            bin(p, matrixBytes(m));
        } else if (v instanceof BytesValue b) {
            tag(p, "Bytes");
            bin(p, b.data());
        } else if (v instanceof SidecarRef s) {
            tag(p, "SidecarRef");
            p.packMapHeader(5);
            p.packString("sidecar_id");
            p.packLong(s.sidecarId());
            p.packString("blob_kind");
            p.packString(s.blobKind());
            p.packString("original_hash");
            hash(p, s.originalHash());
            p.packString("meta_a");
            p.packLong(u32(s.metaA(), "SidecarRef.meta_a"));
            p.packString("meta_b");
            p.packLong(u32(s.metaB(), "SidecarRef.meta_b"));
        } else if (v instanceof WireFunctionRef f) {
            functionRef(p, f.name(), f.hash());
        } else if (v instanceof WireClosure c) {
            closure(p, c.functionId(), c.functionHash(), c.upvalues(), depth, maxDepth);
        } else if (v instanceof Closure c) {
            FunctionHash h = c.proto.hash == null ? null : FunctionHash.of(c.proto.hash);
            if (c.cells.length == 0 && !c.proto.isClosure) {
                functionRef(p, c.proto.name, h);
            } else {
                List<Object> upvalues = new ArrayList<>(c.cells.length);
                for (Cell cell : c.cells) upvalues.add(cell.value);
                closure(p, c.proto.id, h, upvalues, depth, maxDepth);
            }
        } else if (v instanceof FunctionProto f) {
            functionRef(p, f.name, f.hash == null ? null : FunctionHash.of(f.hash));
        } else if (v instanceof NativeFunction f) {
            functionRef(p, f.name(), null);
        } else {
            throw WireException.unencodable(WireException.Reason.NO_WIRE_FORM, "a " + Values.typeName(v) + " value has no wire form");
        }
    }

    private static void tag(MessagePacker p, String tag) throws IOException {
        p.packMapHeader(1);
        p.packString(tag);
    }

    private static void writeList(MessagePacker p, java.util.Collection<?> items, int depth, int maxDepth) throws IOException {
        p.packArrayHeader(items.size());
        for (Object o : items) write(p, o, depth + 1, maxDepth);
    }

    /** Key and value when the value is present; a nil optional is left out (WIRE.md section 3). */
    private static void writeOptional(MessagePacker p, String key, Object v, int depth, int maxDepth) throws IOException {
        if (v == null) return;
        p.packString(key);
        write(p, v, depth + 1, maxDepth);
    }

    /** The same ceiling the decoder applies: a u32 field out of range is not sent. */
    private static long u32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) throw new WireException(what + " must be an integer from 0 to 4294967295 to encode, got " + v);
        return v;
    }

    private static void functionRef(MessagePacker p, String name, FunctionHash hash) throws IOException {
        tag(p, "FunctionRef");
        p.packMapHeader(1 + MessageCodec.present(hash));
        p.packString("name");
        p.packString(name);
        optionalHash(p, "hash", hash);
    }

    private static void closure(MessagePacker p, Integer id, FunctionHash hash, List<Object> upvalues, int depth, int maxDepth) throws IOException {
        tag(p, "Closure");
        p.packMapHeader(1 + MessageCodec.present(id, hash));
        if (id != null) {
            p.packString("function_id");
            p.packInt(id);
        }
        optionalHash(p, "function_hash", hash);
        p.packString("upvalues");
        writeList(p, upvalues, depth, maxDepth);
    }

    static void bin(MessagePacker p, byte[] data) throws IOException {
        p.packBinaryHeader(data.length);
        p.addPayload(data); // a buffer packer keeps a large array by reference instead of copying it (the encoding is used at once)
    }

    static void hash(MessagePacker p, FunctionHash h) throws IOException { bin(p, h.bytes()); }

    /** Key and hash when the hash is present; nothing otherwise. */
    static void optionalHash(MessagePacker p, String key, FunctionHash h) throws IOException {
        if (h == null) return;
        p.packString(key);
        hash(p, h);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * One value. In a JSON-born document ({@link WireReader#jsonBorn}) plain JSON stands beside the tagged
     * form at any depth: a string that is not "None"/"Unit" is a string, a scalar or array is the obvious
     * value, a map that is not one entry keyed by a tag is an object; and the values that need a program
     * go through the reader's {@link ProgramValues}.
     */
    static Object read(WireReader r, int depth) {
        r.checkDepth(depth, "a value");
        ValueType t = r.nextType("a value");
        if (t == ValueType.STRING) {
            String s = r.string("a value");
            if (s.equals("None")) return Nil.NONE;
            if (s.equals("Unit")) return Nil.UNIT;
            if (r.jsonBorn != null) return s;
            throw new WireException("unknown value variant \"" + s + "\"");
        }
        if (t != ValueType.MAP) {
            if (r.jsonBorn != null) return plain(r, t, depth);
            throw new WireException("a value must be a string or a one-entry map, got " + WireReader.name(t));
        }
        int n = r.mapHeader("a value");
        if (n != 1) {
            if (r.jsonBorn != null) return object(r, depth, n, null);
            throw new WireException("a value must be a map with exactly one entry");
        }
        String tag = r.string("a value's variant");
        switch (tag) {
            case "Int": return r.i64("Int");
            case "Number": return r.f64("Number");
            case "Bool": return r.bool("Bool");
            case "String": return r.string("String");
            case "Decimal": return r.programValue(new WireDecimal(r.string("Decimal")));
            case "Some": return new SomeValue(read(r, depth + 1));
            case "Ok": return new OkValue(read(r, depth + 1));
            case "Err": return new ErrValue(read(r, depth + 1));
            case "Array": return new ArrayValue(readList(r, depth, "Array"));
            case "HashMap": return hashMap(r, depth);
            case "Object": return object(r, depth, r.mapHeader("Object"), null);
            case "Enum": return enumValue(r, depth);
            case "Range": return range(r, depth);
            case "TypedArray": return typedArray(r);
            case "Matrix": return matrix(r);
            case "Bytes": return new BytesValue(r.bin("Bytes"));
            case "FunctionRef": return r.programValue(functionRef(r));
            case "Closure": return r.programValue(closure(r, depth));
            case "SidecarRef": return r.programValue(sidecarRef(r));
            default:
                if (r.jsonBorn != null) return object(r, depth, 1, tag);
                throw new WireException("unknown value variant \"" + tag + "\"");
        }
    }

    /** JSON-born: a plain JSON null, bool, number or array. */
    private static Object plain(WireReader r, ValueType t, int depth) {
        switch (t) {
            case NIL: r.tryNil("a value"); return Nil.NONE;
            case BOOLEAN: return r.bool("a value");
            case INTEGER: return r.i64("a value");
            case FLOAT: return r.f64("a value");
            case ARRAY: return new ArrayValue(readList(r, depth, "an array"));
            default: throw new WireException("a value cannot be " + WireReader.name(t));
        }
    }

    static ArrayList<Object> readList(WireReader r, int depth, String what) {
        int n = r.arrayHeader(what);
        ArrayList<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(read(r, depth + 1));
        return items;
    }

    private static MapValue hashMap(WireReader r, int depth) {
        int n = r.mapHeader("HashMap");
        List<Object> keys = null, values = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("HashMap key");
            switch (k) {
                case "keys": keys = readList(r, depth, "HashMap.keys"); break;
                case "values": values = readList(r, depth, "HashMap.values"); break;
                default: r.skip("HashMap." + k);
            }
        }
        WireReader.required("HashMap", "keys", keys);
        WireReader.required("HashMap", "values", values);
        if (keys.size() != values.size()) throw new WireException("HashMap has " + keys.size() + " keys but " + values.size() + " values");
        LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) entries.put(keys.get(i), values.get(i));
        return new MapValue(entries);
    }

    /** The {@code n} fields of an object; {@code firstKey}, when not null, is the first one's name, already read. */
    private static ObjectValue object(WireReader r, int depth, int n, String firstKey) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        String typeName = null;
        for (int i = 0; i < n; i++) {
            String k = i == 0 && firstKey != null ? firstKey : r.string("Object field name");
            Object v = read(r, depth + 1);
            if (k.equals(TYPE_FIELD)) {
                if (!(v instanceof String t) || t.isEmpty() || typeName != null) {
                    throw new WireException("Object field \"" + TYPE_FIELD + "\" must be given once, as a non-empty String value (a struct's type name)");
                }
                typeName = t;
            } else {
                fields.put(k, v);
            }
        }
        return new ObjectValue(fields, typeName);
    }

    private static EnumValue enumValue(WireReader r, int depth) {
        int n = r.mapHeader("Enum");
        String enumName = null, variant = null;
        List<Object> payload = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Enum key");
            switch (k) {
                case "enum_name": enumName = r.string("Enum.enum_name"); break;
                case "variant": variant = r.string("Enum.variant"); break;
                case "payload": payload = readList(r, depth, "Enum.payload"); break;
                default: r.skip("Enum." + k);
            }
        }
        if (payload == null && r.jsonBorn != null) payload = List.of(); // JSON may leave an empty payload out
        return new EnumValue(WireReader.required("Enum", "enum_name", enumName),
                WireReader.required("Enum", "variant", variant),
                WireReader.required("Enum", "payload", payload).toArray());
    }

    private static RangeValue range(WireReader r, int depth) {
        int n = r.mapHeader("Range");
        Object start = null, end = null;
        Boolean inclusive = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Range key");
            switch (k) {
                case "start": start = r.tryNil("Range.start") ? null : read(r, depth + 1); break;
                case "end": end = r.tryNil("Range.end") ? null : read(r, depth + 1); break;
                case "inclusive": inclusive = r.bool("Range.inclusive"); break;
                default: r.skip("Range." + k);
            }
        }
        if (inclusive == null && r.jsonBorn != null) inclusive = Boolean.FALSE; // JSON may leave a false inclusive out
        return new RangeValue(start, end, WireReader.required("Range", "inclusive", inclusive));
    }

    private static TypedArray typedArray(WireReader r) {
        int n = r.mapHeader("TypedArray");
        String kindName = null;
        Long len = null;
        byte[] data = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("TypedArray key");
            switch (k) {
                case "element_kind": kindName = r.string("TypedArray.element_kind"); break;
                case "len": len = r.u64("TypedArray.len"); break;
                case "data": data = r.bin("TypedArray.data"); break;
                default: r.skip("TypedArray." + k);
            }
        }
        ElementKind kind = elementKind(WireReader.required("TypedArray", "element_kind", kindName));
        return typedArray(kind, WireReader.required("TypedArray", "len", len), WireReader.required("TypedArray", "data", data));
    }

    static ElementKind elementKind(String name) {
        for (ElementKind k : ElementKind.values()) if (k.name().equals(name)) return k;
        throw new WireException("unknown TypedArray element_kind \"" + name + "\"");
    }

    private static MatrixValue matrix(WireReader r) {
        int n = r.mapHeader("Matrix");
        Long rows = null, cols = null;
        byte[] data = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Matrix key");
            switch (k) {
                case "rows": rows = r.u32("Matrix.rows"); break;
                case "cols": cols = r.u32("Matrix.cols"); break;
                case "data": data = r.bin("Matrix.data"); break;
                default: r.skip("Matrix." + k);
            }
        }
        return matrix(WireReader.required("Matrix", "rows", rows), WireReader.required("Matrix", "cols", cols),
                WireReader.required("Matrix", "data", data));
    }

    private static WireFunctionRef functionRef(WireReader r) {
        int n = r.mapHeader("FunctionRef");
        String name = null;
        FunctionHash hash = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("FunctionRef key");
            switch (k) {
                case "name": name = r.string("FunctionRef.name"); break;
                case "hash": hash = r.tryNil("FunctionRef.hash") ? null : r.hash("FunctionRef.hash"); break;
                default: r.skip("FunctionRef." + k);
            }
        }
        return new WireFunctionRef(WireReader.required("FunctionRef", "name", name), hash);
    }

    private static WireClosure closure(WireReader r, int depth) {
        int n = r.mapHeader("Closure");
        Integer id = null;
        FunctionHash hash = null;
        List<Object> upvalues = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Closure key");
            switch (k) {
                case "function_id": id = r.tryNil("Closure.function_id") ? null : r.u16("Closure.function_id"); break;
                case "function_hash": hash = r.tryNil("Closure.function_hash") ? null : r.hash("Closure.function_hash"); break;
                case "upvalues": upvalues = readList(r, depth, "Closure.upvalues"); break;
                default: r.skip("Closure." + k);
            }
        }
        return new WireClosure(id, hash, WireReader.required("Closure", "upvalues", upvalues));
    }

    private static SidecarRef sidecarRef(WireReader r) {
        int n = r.mapHeader("SidecarRef");
        Integer id = null;
        String kind = null;
        FunctionHash hash = null;
        Long a = null, b = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("SidecarRef key");
            switch (k) {
                case "sidecar_id": id = r.u31("SidecarRef.sidecar_id"); break;
                case "blob_kind": kind = r.string("SidecarRef.blob_kind"); break;
                case "original_hash": hash = r.hash("SidecarRef.original_hash"); break;
                case "meta_a": a = r.u32("SidecarRef.meta_a"); break;
                case "meta_b": b = r.u32("SidecarRef.meta_b"); break;
                default: r.skip("SidecarRef." + k);
            }
        }
        return new SidecarRef(WireReader.required("SidecarRef", "sidecar_id", id),
                WireReader.required("SidecarRef", "blob_kind", kind),
                WireReader.required("SidecarRef", "original_hash", hash),
                WireReader.required("SidecarRef", "meta_a", a),
                WireReader.required("SidecarRef", "meta_b", b));
    }
}
