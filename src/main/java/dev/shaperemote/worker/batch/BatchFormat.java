package dev.shaperemote.worker.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The {@code total} records of {@code input} as {@code parts} contiguous ranges of near-equal size, in input order
     * (empty ones when there are fewer records than parts). One pass that reads no record's content. The same input
     * always gives the same ranges, which a restarted partition relies on to find its checkpoint.
     */
    List<RecordRange> split(Path input, long total, int parts) throws IOException {
        List<RecordRange> ranges = new ArrayList<>(parts);
        long index = 0;
        if (this == WIRE) {
            try (FrameInput frames = new FrameInput(input, 0, Long.MAX_VALUE)) {
                for (int part = 0; part < parts; part++) {
                    long start = index, offset = frames.offset(), end = RecordRange.end(total, part, parts);
                    for (; index < end && frames.hasNext(); index++) frames.next(index, true);
                    ranges.add(new RecordRange(start, offset, index - start));
                }
            }
        } else {
            try (LineInput lines = new LineInput(input, 0)) {
                for (int part = 0; part < parts; part++) {
                    long start = index, offset = lines.offset(), end = RecordRange.end(total, part, parts);
                    for (; index < end && lines.hasNext(); index++) lines.skip();
                    ranges.add(new RecordRange(start, offset, index - start));
                }
            }
        }
        return ranges;
    }
}
