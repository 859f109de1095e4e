package dev.shaperemote.worker.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.worker.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The files of a partitioned map job beside its output: each partition's part of the output ({@code
 * <output>.part-N}, the JSONL lines of its range) and its status ({@code <output>.part-N.json}: the worker that
 * last ran it and the records it has written), which every worker of the fleet reads from the shared batch directory.
 */
final class PartFiles {
    private PartFiles() {}

    /** Where a partition stands: the worker that ran it last, and its records written. */
    record Status(String server, long records) {}

    static Path data(Path output, int part) { return output.resolveSibling(output.getFileName() + ".part-" + part); }

    static Path status(Path output, int part) { return output.resolveSibling(output.getFileName() + ".part-" + part + ".json"); }

    /** Replaces the partition's status in one move, so a reader never sees half of one. */
    static void writeStatus(Path output, int part, Status status) throws IOException {
        Path file = status(output, part);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.write(next, Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("server", status.server());
            g.writeNumberField("records", status.records());
            g.writeEndObject();
        }));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The partition's status, or null when it has not started (or its file cannot be read). */
    static Status readStatus(Path output, int part) {
        try (JsonParser p = JsonValues.factory().createParser(Files.readAllBytes(status(output, part)))) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String server = "";
            long records = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("server") && value == JsonToken.VALUE_STRING) server = p.getText();
                else if (name.equals("records") && value == JsonToken.VALUE_NUMBER_INT) records = p.getLongValue();
                else p.skipChildren();
            }
            return new Status(server, records);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
