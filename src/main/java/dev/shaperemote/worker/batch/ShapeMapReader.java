package dev.shaperemote.worker.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads the map job's input one record at a time: a line of a JSONL file ({@code format} {@code jsonl}, the
 * default) or a frame of a request-stream file ({@code format} {@code wire}). Its checkpoint is {@code [record
 * index, byte offset of the next record]}, so a restart resumes at the first record not yet committed without
 * rereading the file from the start; {@link #rewind} moves it back to a record the writer handed back unrun.
 * It is the step's transient user data, where the writer and the checkpoint algorithm find it.
 */
@Named("shapeMapReader")
@Dependent
public class ShapeMapReader extends AbstractItemReader {
    @Inject @BatchProperty(name = "input") String input;
    @Inject @BatchProperty(name = "format") String format;
    @Inject BatchConfig config;
    @Inject StepContext step;

    private java.nio.file.Path file;
    private LineInput lines;
    private FrameInput frames;
    private long index;

    /** The reader of the step that {@code step} is the context of. */
    static ShapeMapReader of(StepContext step) { return (ShapeMapReader) step.getTransientUserData(); }

    @Override
    public void open(Serializable checkpoint) throws IOException {
        Checkpoint at = Checkpoint.of(checkpoint);
        file = BatchPaths.inside(config.dir(), input);
        openAt(at.first(), at.second());
        step.setTransientUserData(this);
    }

    private void openAt(long index, long offset) throws IOException {
        this.index = index;
        if (BatchFormat.of(format) == BatchFormat.WIRE) frames = new FrameInput(file, offset, config.maxFrameBytes());
        else lines = new LineInput(file, offset);
    }

    @Override
    public Object readItem() throws IOException {
        if (frames != null) return frames.hasNext() ? frames.next(index++, false) : null;
        if (!lines.hasNext()) return null;
        long at = lines.offset();
        return new MapRecord(index++, at, lines.next());
    }

    /** Whether every record has been read, so the chunk can end with its last record rather than after a null read. */
    boolean exhausted() throws IOException { return frames != null ? !frames.hasNext() : !lines.hasNext(); }

    /** Reads again from {@code item}, which this reader returned: the writer did not run it and those after it. */
    void rewind(MapItem item) throws IOException {
        close();
        openAt(item.index(), item.offset());
    }

    @Override
    public Serializable checkpointInfo() { return new Checkpoint(index, frames != null ? frames.offset() : lines.offset()); }

    @Override
    public void close() throws IOException {
        if (lines != null) lines.close();
        if (frames != null) frames.close();
        lines = null;
        frames = null;
    }
}
