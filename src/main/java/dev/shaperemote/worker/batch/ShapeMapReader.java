package dev.shaperemote.worker.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads the map job's JSONL input one record (line) at a time. Its checkpoint is {@code [record index,
 * byte offset of the next line]}, so a restart resumes at the first record not yet committed without
 * rereading the file from the start.
 */
@Named("shapeMapReader")
@Dependent
public class ShapeMapReader extends AbstractItemReader {
    @Inject @BatchProperty(name = "input")
    String input;
    @Inject
    BatchConfig config;

    private LineInput lines;
    private long index;

    @Override
    public void open(Serializable checkpoint) throws IOException {
        long[] at = checkpoint instanceof long[] saved ? saved : new long[2];
        index = at[0];
        lines = new LineInput(BatchPaths.inside(config.dir(), input), at[1]);
    }

    @Override
    public Object readItem() throws IOException {
        if (!lines.hasNext()) return null;
        return new MapRecord(index++, lines.next());
    }

    @Override
    public Serializable checkpointInfo() { return new long[] {index, lines.offset()}; }

    @Override
    public void close() throws IOException {
        if (lines != null) lines.close();
    }
}
