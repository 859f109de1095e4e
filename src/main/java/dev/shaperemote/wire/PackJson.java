package dev.shaperemote.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MessagePack to JSON and back, knowing nothing of messages or values (WIRE.md section 7, "The JSON
 * form"): map and object, array and array, str and string, integers, floats (NaN and infinities as the
 * strings Jackson writes), bool, nil and null. The JSON form of a message or value is therefore
 * whatever {@link MessageCodec} and {@link ValueCodec} encode: a tag or field added there appears in
 * JSON with no change here.
 *
 * <p>JSON has no bin, so a bin is written as text: lowercase hex where it is a hash, base64 anywhere
 * else. Which bins are hashes is the one thing this class knows of the schema, by key name:
 * <ul>
 * <li>the value of a key {@code hash} or {@code *_hash};</li>
 * <li>each item of an array, and each value of a map, under a key {@code *_hashes} or {@code dependencies}
 * (the latter: a call's {@code type_schemas}, {@code {type: {"method_hashes": {name: hash}}}});</li>
 * <li>the first element of each {@code [hash, blob]} pair of an array under {@code functions} or {@code *_blobs}.</li>
 * </ul>
 * Reading JSON back ({@link #fromJson}) gives MessagePack with strings where the bins were; the codecs'
 * JSON-born mode takes them ({@link WireReader}).
 */
public final class PackJson {
    private PackJson() {}

    /** What a bin means where it stands: data (base64) or a hash (hex), and what the items of an array under it are. */
    private enum Bins {
        DATA, HASH, HASH_ITEMS, HASH_PAIRS, HASH_PAIR;

        static Bins under(String key) {
            if (key.equals("hash") || key.endsWith("_hash")) return HASH;
            if (key.endsWith("_hashes") || key.equals("dependencies")) return HASH_ITEMS;
            if (key.endsWith("_blobs") || key.equals("functions")) return HASH_PAIRS;
            return DATA;
        }

        Bins item(int index) {
            return switch (this) {
                case HASH_ITEMS -> HASH;
                case HASH_PAIRS -> HASH_PAIR;
                case HASH_PAIR -> index == 0 ? HASH : DATA;
                default -> DATA;
            };
        }
    }

    // ---------------------------------------------------------------- MessagePack to JSON

    /** Writes the one MessagePack document {@code msgpack} holds as JSON. */
    public static void toJson(byte[] msgpack, JsonGenerator g) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(msgpack)) {
            toJson(u, g);
        }
    }

    /** Writes the next MessagePack value {@code u} holds as JSON. */
    static void toJson(MessageUnpacker u, JsonGenerator g) throws IOException { copy(u, g, Bins.DATA); }

    private static void copy(MessageUnpacker u, JsonGenerator g, Bins bins) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case NIL -> { u.unpackNil(); g.writeNull(); }
            case BOOLEAN -> g.writeBoolean(u.unpackBoolean());
            case INTEGER -> {
                if (f == MessageFormat.UINT64) g.writeNumber(u.unpackBigInteger()); else g.writeNumber(u.unpackLong());
            }
            case FLOAT -> g.writeNumber(u.unpackDouble()); // NaN and infinities become "NaN", "Infinity", "-Infinity"
            case STRING -> g.writeString(u.unpackString());
            case BINARY -> g.writeString(binText(u.readPayload(u.unpackBinaryHeader()), bins));
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                g.writeStartArray();
                for (int i = 0; i < n; i++) copy(u, g, bins.item(i));
                g.writeEndArray();
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                g.writeStartObject();
                for (int i = 0; i < n; i++) {
                    String key = keyText(u);
                    g.writeFieldName(key);
                    copy(u, g, bins == Bins.HASH_ITEMS ? Bins.HASH : Bins.under(key)); // a map under *_hashes: its values
                }
                g.writeEndObject();
            }
            default -> throw new WireException("MessagePack " + WireReader.name(f.getValueType()) + " has no JSON form");
        }
    }

    private static String binText(byte[] data, Bins bins) {
        return bins == Bins.HASH ? HexFormat.of().formatHex(data) : Base64.getEncoder().encodeToString(data);
    }

    /** A map key as a JSON name: a string as it is, a bin in hex (as {@link PlainCodec} keys it), anything else as its JSON text. */
    private static String keyText(MessageUnpacker u) throws IOException {
        ValueType t = u.getNextFormat().getValueType();
        if (t == ValueType.STRING) return u.unpackString();
        if (t == ValueType.BINARY) return HexFormat.of().formatHex(u.readPayload(u.unpackBinaryHeader()));
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.factory().createGenerator(out)) {
            copy(u, g, Bins.DATA);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- JSON to MessagePack

    /** JSON null in a {@link #tree}, where Java null means "absent". */
    private enum JsonNull { NULL }

    /**
     * Reads one JSON value, starting at the parser's current token (or its next one when it has none yet)
     * and leaving the parser on its last token, as a MessagePack document: nested at most {@code maxDepth}
     * levels, integers within 64 bits; otherwise a WireException naming the place.
     */
    public static byte[] fromJson(JsonParser p, int maxDepth) throws IOException {
        if (p.currentToken() == null && p.nextToken() == null) throw at(p, "no value");
        // A MessagePack container starts with its count, which JSON gives only at its end: read the tree first.
        Object tree = tree(p, 1, maxDepth);
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            pack(out, tree);
            return out.toByteArray();
        }
    }

    /** The JSON at the parser as Long, Double, String, Boolean, JsonNull, List or LinkedHashMap. */
    private static Object tree(JsonParser p, int depth, int maxDepth) throws IOException {
        if (depth > maxDepth) throw at(p, "value nested more than " + maxDepth + " levels deep");
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL: return JsonNull.NULL;
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw at(p, "integer out of 64-bit range");
                return p.getLongValue();
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(tree(p, depth + 1, maxDepth));
                return items;
            }
            case START_OBJECT: {
                LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, tree(p, depth + 1, maxDepth));
                }
                return fields;
            }
            default: throw at(p, "unexpected " + p.getText());
        }
    }

    private static void pack(MessagePacker out, Object node) throws IOException {
        if (node == JsonNull.NULL) out.packNil();
        else if (node instanceof Boolean b) out.packBoolean(b);
        else if (node instanceof Long l) out.packLong(l);
        else if (node instanceof Double d) out.packDouble(d);
        else if (node instanceof String s) out.packString(s);
        else if (node instanceof List<?> items) {
            out.packArrayHeader(items.size());
            for (Object item : items) pack(out, item);
        } else if (node instanceof Map<?, ?> fields) {
            out.packMapHeader(fields.size());
            for (Map.Entry<?, ?> e : fields.entrySet()) {
                out.packString((String) e.getKey());
                pack(out, e.getValue());
            }
        } else {
            throw new IllegalStateException("not a JSON tree node: " + node); // tree() makes nothing else
        }
    }

    private static WireException at(JsonParser p, String message) {
        var loc = p.currentLocation();
        return new WireException(message + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")");
    }

    /** A MessagePack document as a JSON string (tests and tools). */
    static String toJson(byte[] msgpack) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.factory().createGenerator(out)) {
            toJson(msgpack, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return out.toString();
    }
}
