package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schema-free data (an error's {@code details}, a request's {@code type_schemas}) as plain Java:
 * null, Boolean, Long, Double, String, byte[], List and LinkedHashMap, with the same depth and size
 * ceilings as values.
 */
final class PlainCodec {
    private PlainCodec() {}

    static void write(MessagePacker p, Object v, int depth, int maxDepth) throws IOException {
        if (depth > maxDepth) {
            throw WireException.unencodable(WireException.Reason.TOO_DEEP_TO_ENCODE, "data nested more than " + maxDepth + " levels deep to encode");
        }
        if (v == null) {
            p.packNil();
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            p.packDouble(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof byte[] b) {
            ValueCodec.bin(p, b);
        } else if (v instanceof FunctionHash h) {
            ValueCodec.hash(p, h);
        } else if (v instanceof List<?> list) {
            p.packArrayHeader(list.size());
            for (Object o : list) write(p, o, depth + 1, maxDepth);
        } else if (v instanceof Map<?, ?> map) {
            p.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(p, e.getKey(), depth + 1, maxDepth);
                write(p, e.getValue(), depth + 1, maxDepth);
            }
        } else {
            throw WireException.unencodable(WireException.Reason.NO_WIRE_FORM, "a " + v.getClass().getSimpleName() + " has no plain wire form");
        }
    }

    static Object read(WireReader r, int depth, String what) {
        r.checkDepth(depth, what);
        ValueType t = r.nextType(what);
        switch (t) {
            case NIL: r.tryNil(what); return null;
            case BOOLEAN: return r.bool(what);
            case INTEGER: return r.i64(what);
            case FLOAT: return r.f64(what);
            case STRING: return r.string(what);
            case BINARY: return r.bin(what);
            case ARRAY: {
                int n = r.arrayHeader(what);
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) items.add(read(r, depth + 1, what));
                return items;
            }
            case MAP: return readMap(r, depth, what);
            default: throw new WireException(what + " holds an unsupported MessagePack " + WireReader.name(t));
        }
    }

    static Map<Object, Object> readMap(WireReader r, int depth, String what) {
        r.checkDepth(depth, what);
        int n = r.mapHeader(what);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object k = read(r, depth + 1, what);
            if (k instanceof byte[] b) k = java.util.HexFormat.of().formatHex(b); // byte[] has no value equality
            map.put(k, read(r, depth + 1, what));
        }
        return map;
    }
}
