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
 * It is the step's transient user data, where the writer and the checkpoint algorithm find it. In a partition of
 * {@code shape-map-partitioned} it reads only its range: {@code count} records from record {@code start}, which
 * begins at byte {@code offset}.
 */
@Named("shapeMapReader")
@Dependent
public class ShapeMapReader extends AbstractItemReader {
    @Inject @BatchProperty(name = "input") String input;
    @Inject @BatchProperty(name = "format") String format;
    @Inject @BatchProperty(name = "start") String start;
    @Inject @BatchProperty(name = "offset") String offset;
    @Inject @BatchProperty(name = "count") String count;
    @Inject BatchConfig config;
    @Inject StepContext step;

    private java.nio.file.Path file;
    private LineInput lines;
    private FrameInput frames;
    private long index;
    /** One past the last record to read: the range's end in a partition, else none. */
    private long end = Long.MAX_VALUE;

    /** The reader of the step that {@code step} is the context of. */
    static ShapeMapReader of(StepContext step) { return (ShapeMapReader) step.getTransientUserData(); }

    @Override
    public void open(Serializable checkpoint) throws IOException {
        file = BatchPaths.inside(config.dir(), input);
        if (isSet(start)) { // a partition: its range, from its own checkpoint when it has one
            long first = Long.parseLong(start.strip());
            end = first + Long.parseLong(count.strip());
            if (checkpoint == null) openAt(first, Long.parseLong(offset.strip()));
            else openAt(Checkpoint.of(checkpoint).first(), Checkpoint.of(checkpoint).second());
        } else {
            Checkpoint at = Checkpoint.of(checkpoint);
            openAt(at.first(), at.second());
        }
        step.setTransientUserData(this);
    }

    private static boolean isSet(String property) { return property != null && !property.isBlank(); }

    private void openAt(long index, long offset) throws IOException {
        this.index = index;
        if (BatchFormat.of(format) == BatchFormat.WIRE) frames = new FrameInput(file, offset, config.maxFrameBytes());
        else lines = new LineInput(file, offset);
    }

    @Override
    public Object readItem() throws IOException {
        if (index >= end) return null;
        if (frames != null) return frames.hasNext() ? frames.next(index++, false) : null;
        if (!lines.hasNext()) return null;
        long at = lines.offset();
        return new MapRecord(index++, at, lines.next());
    }

    /** Whether every record has been read, so the chunk can end with its last record rather than after a null read. */
    boolean exhausted() throws IOException { return index >= end || (frames != null ? !frames.hasNext() : !lines.hasNext()); }

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
