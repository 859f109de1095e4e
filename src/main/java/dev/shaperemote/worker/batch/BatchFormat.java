package dev.shaperemote.worker.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The two forms of a map job's input: JSONL (one JSON array of arguments per line) or a request stream
 * (WIRE.md section 2; one {@code Call} frame per record, whose arguments are the record's).
 */
enum BatchFormat {
    JSONL, WIRE;

    /** The job parameter's value; empty or absent (a job started elsewhere, e.g. Admin Center): JSONL. */
    static BatchFormat of(String parameter) {
        if (parameter == null || parameter.isBlank()) return JSONL;
        return valueOf(parameter.strip().toUpperCase(Locale.ROOT));
    }

    /** The job parameter's value of this format. */
    String parameter() { return name().toLowerCase(Locale.ROOT); }

    /** Records in {@code input}, counted as the reader will read them. */
    long count(Path input) throws IOException {
        return this == WIRE ? FrameInput.countFrames(input) : LineInput.countLines(input);
    }
}
