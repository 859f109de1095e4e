package dev.shaperemote.worker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.shaperemote.wire.JsonValues;

import java.io.IOException;

/** The JSON form of {@code Execute}: {@code {"code": "...", "request_id": n?}}; unknown keys are ignored. */
record ExecuteRequest(String code, Long requestId) {

    /** Parses a body; anything else than such an object is a 400 ProtocolError naming what is wrong. */
    static ExecuteRequest parse(byte[] body) {
        String code = null;
        Long requestId = null;
        try (JsonParser p = JsonValues.factory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw WorkerFailure.protocol("the body must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "code" -> {
                        if (t != JsonToken.VALUE_STRING) throw WorkerFailure.protocol("'code' must be a string");
                        code = p.getText();
                    }
                    case "request_id" -> {
                        if (t == JsonToken.VALUE_NULL) break;
                        if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                            throw WorkerFailure.protocol("'request_id' must be a non-negative integer");
                        }
                        requestId = p.getLongValue();
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw WorkerFailure.protocol("trailing data after the JSON object");
        } catch (JsonProcessingException e) {
            throw WorkerFailure.protocol("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw WorkerFailure.protocol("unreadable request body");
        }
        if (code == null) throw WorkerFailure.protocol("missing required key 'code'");
        return new ExecuteRequest(code, requestId);
    }
}
