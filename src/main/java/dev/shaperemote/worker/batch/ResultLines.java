package dev.shaperemote.worker.batch;

import dev.shaperemote.worker.Json;

/** The lines of a map job's JSONL output: {@code {"index": n, "ok": <tagged value>}} or {@code {"index": n, "err": {"kind", "message"}}}. */
final class ResultLines {
    private ResultLines() {}

    /** An ok line; {@code value} is the tagged JSON of the result. */
    static byte[] ok(long index, String value) {
        return line(Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("index", index);
            g.writeFieldName("ok");
            g.writeRawValue(value);
            g.writeEndObject();
        }));
    }

    static byte[] err(long index, String kind, String message) {
        return line(Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("index", index);
            g.writeObjectFieldStart("err");
            g.writeStringField("kind", kind);
            g.writeStringField("message", message == null ? "" : message);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private static byte[] line(byte[] json) {
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }
}
