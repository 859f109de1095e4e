package dev.shaperemote.worker;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/** The JSON form of {@code Execute}: {@code {"code": "...", "request_id": n?}}; unknown keys are ignored. */
record ExecuteRequest(String code, Long requestId) {

    /** Parses a body; anything else than such an object is a 400 ProtocolError naming what is wrong. */
    static ExecuteRequest parse(byte[] body) {
        JsonObject o = JsonBody.object(body);
        if (!o.containsKey("code")) throw WorkerFailure.protocol("missing required key 'code'");
        if (!(o.get("code") instanceof JsonString code)) throw WorkerFailure.protocol("'code' must be a string");
        return new ExecuteRequest(code.getString(), requestId(o));
    }

    private static Long requestId(JsonObject o) {
        if (JsonBody.absent(o, "request_id")) return null;
        if (o.get("request_id") instanceof JsonNumber n && n.isIntegral()) {
            try {
                long id = n.longValueExact();
                if (id >= 0) return id;
            } catch (ArithmeticException tooLarge) {
                // falls through to the refusal below
            }
        }
        throw WorkerFailure.protocol("'request_id' must be a non-negative integer");
    }
}
