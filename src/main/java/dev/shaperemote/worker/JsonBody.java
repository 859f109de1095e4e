package dev.shaperemote.worker;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;

/**
 * Reads a JSON request body (already bounded by {@link BoundedBody}) with the platform's JSON-P. A body that is
 * not one JSON object is a 400 ProtocolError that says where it went wrong; the library's own wording is not passed
 * on, as it names classes and internals a caller cannot act on.
 */
public final class JsonBody {
    private JsonBody() {}

    /** The one JSON object of {@code body}. */
    public static JsonObject object(byte[] body) {
        try (JsonParser p = jakarta.json.Json.createParser(new ByteArrayInputStream(body))) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) throw WorkerFailure.protocol("the body must be a JSON object");
            JsonObject object = p.getObject();
            if (hasMore(p)) throw WorkerFailure.protocol("trailing data after the JSON object");
            return object;
        } catch (JsonParsingException e) {
            JsonLocation at = e.getLocation();
            throw WorkerFailure.protocol("malformed JSON" + (at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber()));
        } catch (JsonException e) {
            throw WorkerFailure.protocol("unreadable request body");
        }
    }

    private static boolean hasMore(JsonParser p) {
        try {
            return p.hasNext();
        } catch (JsonParsingException e) {
            return true; // something other than white space follows the object
        }
    }

    /** The string under {@code key}, or null when it is absent or not a string. */
    public static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    /** The integer under {@code key}, or null when it is absent or not an integer that fits an int. */
    public static Integer integer(JsonObject o, String key) {
        if (!(o.get(key) instanceof JsonNumber n) || !n.isIntegral()) return null;
        try {
            return n.intValueExact();
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    /** Whether {@code key} is absent or JSON null. */
    public static boolean absent(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL;
    }
}
