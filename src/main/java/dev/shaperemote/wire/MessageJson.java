package dev.shaperemote.wire;

import com.fasterxml.jackson.core.JsonGenerator;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A {@link WireMessage} as JSON, as {@code shape-remote decode} prints it, jobs answer it and the golden
 * vectors record it: the message's MessagePack encoding ({@link MessageCodec}) converted by
 * {@link PackJson}, so the two forms cannot drift apart (WIRE.md section 7, "The JSON form").
 */
public final class MessageJson {
    private MessageJson() {}

    /** The message as pretty-printed JSON. */
    public static String toJson(WireMessage m) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.factory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, m);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return out.toString();
    }

    public static void write(JsonGenerator g, WireMessage m) throws IOException {
        PackJson.toJson(MessageCodec.encode(m), g);
    }

    /**
     * The message's fields without the variant tag around them, for an endpoint whose answer is always
     * one kind of message ({@code /api/v1/execute} answers an {@code ExecuteResponse}).
     */
    public static void writeBody(JsonGenerator g, WireMessage m) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(MessageCodec.encode(m))) {
            u.unpackMapHeader(); // always 1: { variant: body }
            u.unpackString();
            PackJson.toJson(u, g);
        }
    }
}
