package dev.shaperemote.worker.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads the map job's input one record at a time: a line of a JSONL file ({@code format} {@code jsonl}, the
 * default) or a frame of a request-stream file ({@code format} {@code wire}). Its checkpoint is {@code [record
 * index, byte offset of the next record]}, so a restart resumes at the first record not yet committed without
 * rereading the file from the start.
 */
@Named("shapeMapReader")
@Dependent
public class ShapeMapReader extends AbstractItemReader {
    @Inject @BatchProperty(name = "input")
    String input;
    @Inject @BatchProperty(name = "format")
    String format;
    @Inject
    BatchConfig config;

    private LineInput lines;
    private FrameInput frames;
    private long index;

    @Override
    public void open(Serializable checkpoint) throws IOException {
        long[] at = checkpoint instanceof long[] saved ? saved : new long[2];
        index = at[0];
        java.nio.file.Path file = BatchPaths.inside(config.dir(), input);
        if (BatchFormat.of(format) == BatchFormat.WIRE) frames = new FrameInput(file, at[1], config.maxFrameBytes());
        else lines = new LineInput(file, at[1]);
    }

    @Override
    public Object readItem() throws IOException {
        if (frames != null) return frames.hasNext() ? frames.next(index++, false) : null;
        if (!lines.hasNext()) return null;
        return new MapRecord(index++, lines.next());
    }

    @Override
    public Serializable checkpointInfo() { return new long[] {index, frames != null ? frames.offset() : lines.offset()}; }

    @Override
    public void close() throws IOException {
        if (lines != null) lines.close();
        if (frames != null) frames.close();
    }
}
