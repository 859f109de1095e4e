package dev.shaperemote.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.vm.TypedArray;
import dev.shaperemote.vm.Values;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VM values as JSON, in the tagged form of WIRE.md section 7 ({@code {"Int": 3}}, {@code "None"},
 * {@code {"Array": [...]}}; binary data as base64, hashes as lowercase hex).
 *
 * <p>Reading accepts the tagged form and plain JSON alike, mixed at any depth: a single-key object
 * whose key is a tag, or the bare string {@code "None"} / {@code "Unit"}, is a tagged value; any
 * other JSON maps to the obvious value (integer to int, other numbers to number, array, object,
 * string, bool, null to None). Every failure to read is a {@link ShapeError} of kind
 * ArgumentError; a value nested deeper than {@link #MAX_DEPTH} is refused, never a stack overflow.
 */
public final class JsonValues {
    public static final int MAX_DEPTH = 200;

    /** Finds the function a {@code FunctionRef} or {@code Closure} names; null when it is unknown. */
    @FunctionalInterface
    public interface FunctionResolver {
        FunctionProto resolve(String name, Integer functionId, byte[] hash);
    }

    /** For JSON read without a program: every function value is unresolvable. */
    public static final FunctionResolver NO_FUNCTIONS = (name, id, hash) -> null;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Set<String> TAGS = Set.of("Int", "Number", "Bool", "String", "Decimal", "Some", "Ok", "Err",
            "Array", "HashMap", "Object", "Enum", "Range", "TypedArray", "Matrix", "Bytes", "FunctionRef", "Closure",
            "SidecarRef");

    private JsonValues() {}

    public static JsonFactory factory() { return FACTORY; }

    // ---------------------------------------------------------------- writing

    public static String toJson(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes one value in the tagged form. A value nested deeper than {@link #MAX_DEPTH} is a ResourceLimit error. */
    public static void write(JsonGenerator g, Object value) throws IOException {
        write(g, value, 0);
    }

    private static void write(JsonGenerator g, Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) throw ShapeError.limit("value nested more than " + MAX_DEPTH + " levels deep to encode");
        if (v == null || v == Nil.NONE) {
            g.writeString("None");
        } else if (v == Nil.UNIT) {
            g.writeString("Unit");
        } else if (v instanceof Long l) {
            tag(g, "Int");
            g.writeNumber(l);
            g.writeEndObject();
        } else if (v instanceof Double d) {
            tag(g, "Number");
            g.writeNumber(d); // NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity"
            g.writeEndObject();
        } else if (v instanceof Boolean b) {
            tag(g, "Bool");
            g.writeBoolean(b);
            g.writeEndObject();
        } else if (v instanceof String s) {
            tag(g, "String");
            g.writeString(s);
            g.writeEndObject();
        } else if (v instanceof SomeValue s) {
            wrapped(g, "Some", s.value(), depth);
        } else if (v instanceof OkValue s) {
            wrapped(g, "Ok", s.value(), depth);
        } else if (v instanceof ErrValue s) {
            wrapped(g, "Err", s.value(), depth);
        } else if (v instanceof ArrayValue a) {
            tag(g, "Array");
            writeList(g, a.items, depth);
            g.writeEndObject();
        } else if (v instanceof ObjectValue o) {
            tag(g, "Object");
            g.writeStartObject();
            for (var e : o.fields.entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof MapValue m) {
            tag(g, "HashMap");
            g.writeStartObject();
            g.writeFieldName("keys");
            writeList(g, m.entries().keySet(), depth);
            g.writeFieldName("values");
            writeList(g, m.entries().values(), depth);
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof EnumValue e) {
            tag(g, "Enum");
            g.writeStartObject();
            g.writeStringField("enum_name", e.enumName());
            g.writeStringField("variant", e.variant());
            g.writeFieldName("payload");
            writeList(g, List.of(e.payload()), depth);
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof RangeValue r) {
            tag(g, "Range");
            g.writeStartObject();
            g.writeFieldName("start");
            writeOptional(g, r.start(), depth);
            g.writeFieldName("end");
            writeOptional(g, r.end(), depth);
            g.writeBooleanField("inclusive", r.inclusive());
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof TypedArray t) {
            tag(g, "TypedArray");
            g.writeStartObject();
            g.writeStringField("element_kind", t.kind.name());
            g.writeNumberField("len", t.length);
            g.writeStringField("data", Base64.getEncoder().encodeToString(t.data));
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof MatrixValue m) {
            tag(g, "Matrix");
            g.writeStartObject();
            g.writeNumberField("rows", m.rows());
            g.writeNumberField("cols", m.cols());
            ByteBuffer buf = ByteBuffer.allocate(m.data().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.asDoubleBuffer().put(m.data());
            g.writeStringField("data", Base64.getEncoder().encodeToString(buf.array()));
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof BytesValue b) {
            tag(g, "Bytes");
            g.writeString(Base64.getEncoder().encodeToString(b.data()));
            g.writeEndObject();
        } else if (v instanceof Closure c) {
            if (c.cells.length == 0 && !c.proto.isClosure) {
                functionRef(g, c.proto.name, c.proto.hash);
            } else {
                tag(g, "Closure");
                g.writeStartObject();
                g.writeNumberField("function_id", c.proto.id);
                g.writeFieldName("function_hash");
                writeHash(g, c.proto.hash);
                g.writeArrayFieldStart("upvalues");
                for (Cell cell : c.cells) write(g, cell.value, depth + 1);
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
        } else if (v instanceof FunctionProto p) {
            functionRef(g, p.name, p.hash);
        } else if (v instanceof NativeFunction f) {
            functionRef(g, f.name(), null);
        } else {
            throw ShapeError.runtime("a " + Values.typeName(v) + " value has no JSON form");
        }
    }

    private static void tag(JsonGenerator g, String tag) throws IOException {
        g.writeStartObject();
        g.writeFieldName(tag);
    }

    private static void wrapped(JsonGenerator g, String tag, Object inner, int depth) throws IOException {
        tag(g, tag);
        write(g, inner, depth + 1);
        g.writeEndObject();
    }

    private static void writeList(JsonGenerator g, Iterable<?> items, int depth) throws IOException {
        g.writeStartArray();
        for (Object o : items) write(g, o, depth + 1);
        g.writeEndArray();
    }

    private static void writeOptional(JsonGenerator g, Object v, int depth) throws IOException {
        if (v == null) g.writeNull(); else write(g, v, depth + 1);
    }

    private static void functionRef(JsonGenerator g, String name, byte[] hash) throws IOException {
        tag(g, "FunctionRef");
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeFieldName("hash");
        writeHash(g, hash);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeHash(JsonGenerator g, byte[] hash) throws IOException {
        if (hash == null) g.writeNull(); else g.writeString(HexFormat.of().formatHex(hash));
    }

    // ---------------------------------------------------------------- reading

    public static Object parse(String json) { return parse(json, NO_FUNCTIONS); }

    /** Reads exactly one value from {@code json}; anything after it is an error. */
    public static Object parse(String json, FunctionResolver functions) {
        try (JsonParser p = FACTORY.createParser(json)) {
            Object v = read(p, functions);
            if (p.nextToken() != null) throw malformed(p, "unexpected content after the value");
            return v;
        } catch (IOException e) {
            throw malformedJson(e);
        }
    }

    /**
     * Reads one value starting at the parser's current token (or its next one when it has none yet),
     * leaving the parser on the value's last token.
     */
    public static Object read(JsonParser p, FunctionResolver functions) throws IOException {
        if (p.currentToken() == null && p.nextToken() == null) throw malformed(p, "no value");
        // Two passes: plain JSON first, so a tag is recognised only once its object is known to have one key.
        return new Converter(functions).value(tree(p, 0), 0);
    }

    /** JSON null in a {@link #tree}, where Java null means "absent". */
    private enum JsonNull { NULL }

    /** The JSON at the parser as Long, Double, String, Boolean, JsonNull, List or LinkedHashMap. */
    private static Object tree(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) throw malformed(p, "value nested more than " + MAX_DEPTH + " levels deep");
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL: return JsonNull.NULL;
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw malformed(p, "integer out of 64-bit range");
                return p.getLongValue();
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(tree(p, depth + 1));
                return items;
            }
            case START_OBJECT: {
                LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, tree(p, depth + 1));
                }
                return fields;
            }
            default: throw malformed(p, "unexpected " + p.getText());
        }
    }

    private record Converter(FunctionResolver functions) {

        @SuppressWarnings("unchecked")
        Object value(Object node, int depth) {
            if (depth > MAX_DEPTH) throw bad("value nested more than " + MAX_DEPTH + " levels deep");
            if (node == JsonNull.NULL) return Nil.NONE;
            if (node instanceof String s) {
                return switch (s) {
                    case "None" -> Nil.NONE;
                    case "Unit" -> Nil.UNIT;
                    default -> s;
                };
            }
            if (node instanceof List<?> items) return array(items, depth);
            if (node instanceof LinkedHashMap<?, ?> map) {
                var fields = (LinkedHashMap<String, Object>) map;
                if (fields.size() == 1) {
                    var only = fields.entrySet().iterator().next();
                    if (TAGS.contains(only.getKey())) return tagged(only.getKey(), only.getValue(), depth);
                }
                return object(fields, depth);
            }
            return node; // Long, Double, Boolean
        }

        private ArrayValue array(List<?> items, int depth) {
            ArrayList<Object> out = new ArrayList<>(items.size());
            for (Object item : items) out.add(value(item, depth + 1));
            return new ArrayValue(out);
        }

        private ObjectValue object(Map<String, Object> fields, int depth) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            for (var e : fields.entrySet()) out.put(e.getKey(), value(e.getValue(), depth + 1));
            return new ObjectValue(out);
        }

        private Object tagged(String tag, Object body, int depth) {
            return switch (tag) {
                case "Int" -> {
                    if (!(body instanceof Long)) throw needs(tag, "an integer");
                    yield body;
                }
                case "Number" -> number(body);
                case "Bool" -> {
                    if (!(body instanceof Boolean)) throw needs(tag, "true or false");
                    yield body;
                }
                case "String" -> {
                    if (!(body instanceof String)) throw needs(tag, "a string");
                    yield body;
                }
                case "Some" -> new SomeValue(value(body, depth + 1));
                case "Ok" -> new OkValue(value(body, depth + 1));
                case "Err" -> new ErrValue(value(body, depth + 1));
                case "Array" -> {
                    if (!(body instanceof List<?> items)) throw needs(tag, "an array");
                    yield array(items, depth);
                }
                case "Object" -> object(struct(tag, body), depth);
                case "HashMap" -> hashMap(struct(tag, body), depth);
                case "Enum" -> enumValue(struct(tag, body), depth);
                case "Range" -> range(struct(tag, body), depth);
                case "TypedArray" -> typedArray(struct(tag, body));
                case "Matrix" -> matrix(struct(tag, body));
                case "Bytes" -> new BytesValue(base64(tag, body, "its body"));
                case "FunctionRef" -> functionRef(struct(tag, body));
                case "Closure" -> closure(struct(tag, body), depth);
                case "Decimal" -> throw bad("Decimal values are not supported by this VM");
                case "SidecarRef" -> throw bad("SidecarRef is only valid in a MessagePack call that carries sidecars");
                default -> throw new IllegalStateException("tag without a reader: " + tag);
            };
        }

        private static Object number(Object body) {
            if (body instanceof Long l) return (double) l;
            if (body instanceof Double d) return d;
            if (body instanceof String s) {
                switch (s) {
                    case "NaN": return Double.NaN;
                    case "Infinity", "inf": return Double.POSITIVE_INFINITY;
                    case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
                    default: break;
                }
            }
            throw needs("Number", "a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
        }

        private MapValue hashMap(Map<String, Object> s, int depth) {
            List<?> keys = list(s, "HashMap", "keys");
            List<?> values = list(s, "HashMap", "values");
            if (keys.size() != values.size()) throw needs("HashMap", "as many keys as values");
            LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) entries.put(value(keys.get(i), depth + 1), value(values.get(i), depth + 1));
            return new MapValue(entries);
        }

        private EnumValue enumValue(Map<String, Object> s, int depth) {
            Object payload = s.get("payload");
            List<?> items = isAbsent(payload) ? List.of() : list(s, "Enum", "payload");
            return new EnumValue(string(s, "Enum", "enum_name"), string(s, "Enum", "variant"),
                    array(items, depth).items.toArray());
        }

        private RangeValue range(Map<String, Object> s, int depth) {
            Object inclusive = s.getOrDefault("inclusive", Boolean.FALSE);
            if (!(inclusive instanceof Boolean b)) throw needs("Range", "\"inclusive\": true or false");
            return new RangeValue(optional(s.get("start"), depth), optional(s.get("end"), depth), b);
        }

        private Object optional(Object node, int depth) {
            if (isAbsent(node)) return null;
            Object v = value(node, depth + 1);
            return v == Nil.NONE ? null : v;
        }

        private static TypedArray typedArray(Map<String, Object> s) {
            ElementKind kind;
            try {
                kind = ElementKind.valueOf(string(s, "TypedArray", "element_kind"));
            } catch (IllegalArgumentException e) {
                throw needs("TypedArray", "an element_kind of " + java.util.Arrays.toString(ElementKind.values()));
            }
            long len = integer(s, "TypedArray", "len");
            byte[] data = base64("TypedArray", s.get("data"), "\"data\"");
            if (len < 0 || len * kind.width != data.length) throw needs("TypedArray", "len x element width bytes of data");
            return new TypedArray(kind, (int) len, data);
        }

        private static MatrixValue matrix(Map<String, Object> s) {
            long rows = integer(s, "Matrix", "rows");
            long cols = integer(s, "Matrix", "cols");
            byte[] data = base64("Matrix", s.get("data"), "\"data\"");
            if (rows < 0 || cols < 0 || rows * cols * 8 != data.length) throw needs("Matrix", "rows x cols x 8 bytes of data");
            double[] values = new double[(int) (rows * cols)];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
            return new MatrixValue((int) rows, (int) cols, values);
        }

        private Closure functionRef(Map<String, Object> s) {
            String name = string(s, "FunctionRef", "name");
            FunctionProto proto = functions.resolve(name, null, hash("FunctionRef", s.get("hash"), "hash"));
            if (proto == null) throw bad("unknown function '" + name + "'");
            return new Closure(proto, new Cell[0]);
        }

        private Closure closure(Map<String, Object> s, int depth) {
            Object id = s.get("function_id");
            if (!isAbsent(id) && !(id instanceof Long)) throw needs("Closure", "an integer function_id");
            Integer functionId = id instanceof Long l ? Integer.valueOf((int) (long) l) : null;
            byte[] hash = hash("Closure", s.get("function_hash"), "function_hash");
            if (functionId == null && hash == null) throw needs("Closure", "a function_id or a function_hash");
            List<?> upvalues = list(s, "Closure", "upvalues");
            FunctionProto proto = functions.resolve(null, functionId, hash);
            if (proto == null) throw bad("unknown closure function");
            Cell[] cells = new Cell[upvalues.size()];
            for (int i = 0; i < cells.length; i++) cells[i] = new Cell(value(upvalues.get(i), depth + 1));
            return new Closure(proto, cells);
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> struct(String tag, Object body) {
            if (!(body instanceof LinkedHashMap<?, ?> m)) throw needs(tag, "an object");
            return (Map<String, Object>) m;
        }

        private static List<?> list(Map<String, Object> s, String tag, String field) {
            if (!(s.get(field) instanceof List<?> l)) throw needs(tag, "\"" + field + "\": an array");
            return l;
        }

        private static String string(Map<String, Object> s, String tag, String field) {
            if (!(s.get(field) instanceof String str)) throw needs(tag, "\"" + field + "\": a string");
            return str;
        }

        private static long integer(Map<String, Object> s, String tag, String field) {
            if (!(s.get(field) instanceof Long l)) throw needs(tag, "\"" + field + "\": an integer");
            return l;
        }

        private static byte[] base64(String tag, Object node, String what) {
            if (node instanceof String s) {
                try {
                    return Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    // falls through to the error below
                }
            }
            throw needs(tag, what + " as base64");
        }

        private static byte[] hash(String tag, Object node, String field) {
            if (isAbsent(node)) return null;
            if (node instanceof String s && s.length() == 64) {
                try {
                    return HexFormat.of().parseHex(s);
                } catch (IllegalArgumentException e) {
                    // falls through to the error below
                }
            }
            throw needs(tag, "\"" + field + "\" as 64 hex digits or null");
        }

        private static boolean isAbsent(Object node) {
            return node == null || node == JsonNull.NULL || "None".equals(node);
        }

        private static ShapeError needs(String tag, String what) {
            return bad("\"" + tag + "\" needs " + what);
        }

        private static ShapeError bad(String message) {
            return new ShapeError(ShapeError.Kind.ArgumentError, message);
        }
    }

    private static ShapeError malformedJson(IOException e) {
        if (e instanceof JsonProcessingException j) {
            var loc = j.getLocation();
            // The parser's own wording is library text; the place is what a caller can act on.
            return new ShapeError(ShapeError.Kind.ArgumentError, "malformed JSON"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
        }
        return new ShapeError(ShapeError.Kind.ArgumentError, "cannot read JSON");
    }

    private static ShapeError malformed(JsonParser p, String message) {
        var loc = p.currentLocation();
        return new ShapeError(ShapeError.Kind.ArgumentError,
                message + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")");
    }
}
