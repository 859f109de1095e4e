package dev.shaperemote.worker.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends the output lines of each chunk, in input order, to the job's JSONL output. Its checkpoint is
 * {@code [byte length of the output, records written]}, committed with the reader's in the same chunk
 * transaction; on open it cuts the file back to that length. Lines written after the last checkpoint by a
 * run that died are therefore dropped and written again once, never twice.
 */
@Named("shapeMapWriter")
@Dependent
public class ShapeMapWriter extends AbstractItemWriter {
    @Inject @BatchProperty(name = "output")
    String output;
    @Inject
    BatchConfig config;
    @Inject
    BatchProgress progress;
    @Inject
    JobContext job;

    private FileChannel out;
    private long length;
    private long written;

    @Override
    public void open(Serializable checkpoint) throws IOException {
        long[] at = checkpoint instanceof long[] saved ? saved : new long[2];
        Path file = BatchPaths.inside(config.dir(), output);
        Files.createDirectories(file.getParent());
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (out.size() < at[0]) {
            throw new IllegalStateException("the output " + file.getFileName() + " is shorter than its checkpoint; it was changed outside the job");
        }
        out.truncate(at[0]);
        length = at[0];
        written = at[1];
        progress.update(job.getInstanceId(), written);
    }

    @Override
    public void writeItems(List<Object> items) throws IOException {
        int size = 0;
        for (Object item : items) size += ((byte[]) item).length;
        ByteBuffer chunk = ByteBuffer.allocate(size);
        for (Object item : items) chunk.put((byte[]) item);
        chunk.flip();
        while (chunk.hasRemaining()) length += out.write(chunk, length);
        out.force(false); // on disk before the checkpoint that counts these lines commits
        written += items.size();
        progress.update(job.getInstanceId(), written);
    }

    @Override
    public Serializable checkpointInfo() { return new long[] {length, written}; }

    @Override
    public void close() throws IOException {
        if (out != null) out.close();
    }
}
