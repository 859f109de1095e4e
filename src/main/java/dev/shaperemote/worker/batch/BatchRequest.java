package dev.shaperemote.worker.batch;

import dev.shaperemote.worker.JsonBody;
import jakarta.json.JsonObject;

/**
 * The JSON body of {@code POST /api/v1/batches} over a file on the server: {@code {"function", "source" or
 * "source_file", "input", "format"?, "checkpoint"?, "partitions"?}}; an upload's query parameters fill the same record. A key of the wrong type counts as absent, and what is missing
 * is refused when the job starts, with the message that names it.
 */
record BatchRequest(String function, String source, String sourceFile, String input, String format, Integer checkpoint,
                    Integer partitions) {

    static BatchRequest parse(byte[] body) {
        JsonObject o = JsonBody.object(body);
        return new BatchRequest(JsonBody.string(o, "function"), JsonBody.string(o, "source"), JsonBody.string(o, "source_file"),
                JsonBody.string(o, "input"), JsonBody.string(o, "format"), JsonBody.integer(o, "checkpoint"),
                JsonBody.integer(o, "partitions"));
    }
}
