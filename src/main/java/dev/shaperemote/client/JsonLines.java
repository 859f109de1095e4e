package dev.shaperemote.client;

import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.MessageJson;
import dev.shaperemote.wire.WireMessage;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** A wire message as one line of JSON (the form of {@link MessageJson}, without its pretty printing). */
final class JsonLines {
    private JsonLines() {}

    static String of(WireMessage m) {
        StringWriter out = new StringWriter();
        try (var g = JsonValues.factory().createGenerator(out)) {
            MessageJson.write(g, m);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return out.toString();
    }
}
