package dev.shaperemote.worker;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.shaperemote.wire.JsonValues;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the worker's JSON bodies with the same Jackson generator that writes tagged values
 * ({@link JsonValues}), so a response and the values inside it are one consistent document.
 */
public final class Json {
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {}

    public static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JsonValues.factory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The {@code Error} message of WIRE.md section 4 as JSON. */
    public static byte[] error(String kind, String message, Long requestId) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeStringField("kind", kind);
            g.writeStringField("message", message);
            g.writeFieldName("request_id");
            if (requestId == null) g.writeNull(); else g.writeNumber(requestId);
            g.writeEndObject();
        });
    }
}
