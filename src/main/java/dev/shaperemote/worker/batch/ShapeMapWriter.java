package dev.shaperemote.worker.batch;

import dev.shaperemote.worker.WorkerConfig;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs each chunk's records on the call pool ({@link BatchCalls}) and appends their output lines, in input order,
 * to the job's JSONL output. Records that did not run (the worker drains, the job stops, the chunk's
 * {@link #RUN_LIMIT} passed) are handed back to the reader, so this chunk commits the lines before them and the
 * next chunk reads them again. Its checkpoint is {@code [byte length of the output, records written]}, committed
 * with the reader's in the same chunk transaction; on open it cuts the file back to that length. Lines written
 * after the last checkpoint by a run that died are therefore dropped and written again once, never twice.
 * It reports the records written of the {@code total} ({@link ProgressReport}) as the step's exit status, which
 * Liberty stores with each checkpoint and the Java Batch tool shows, and in the execution's job log. In partition
 * {@code part} of {@code shape-map-partitioned} it writes that partition's part file instead, and after each chunk
 * its status ({@link PartFiles}), where any worker of the fleet reads it.
 */
@Named("shapeMapWriter")
@Dependent
public class ShapeMapWriter extends AbstractItemWriter {
    private static final Logger LOG = Logger.getLogger(ShapeMapWriter.class.getName());
    /** No group of records starts this long after the chunk's first, which bounds the chunk's transaction. */
    static final Duration RUN_LIMIT = Duration.ofSeconds(10);

    @Inject @BatchProperty(name = "output")
    String outputName;
    @Inject @BatchProperty(name = "function")
    String function;
    @Inject @BatchProperty(name = "source")
    String source;
    @Inject @BatchProperty(name = "sourceFile")
    String sourceFile;
    @Inject @BatchProperty(name = "total")
    String total;
    @Inject @BatchProperty(name = "part")
    String part;
    @Inject
    BatchConfig config;
    @Inject
    WorkerConfig worker;
    @Inject
    BatchProgress progress;
    @Inject
    BatchCalls calls;
    @Inject
    JobContext job;
    @Inject
    StepContext step;

    private MapFunction compiled;
    private FileChannel out;
    private long length;
    private long written;
    private ProgressReport report;
    /** The job's output; in a partition, its part file is written instead. */
    private Path output;
    /** This partition's number, or -1 outside a partitioned job. */
    private int partition = -1;

    /** Compiles the function (a source that no longer compiles fails the job here) and opens the output at its checkpoint. */
    @Override
    public void open(Serializable checkpoint) throws IOException {
        if (function == null || function.isEmpty()) { // Liberty restarts a job with the JSL it first ran with
            throw new IllegalStateException("this batch was started by an earlier version of the worker, whose job "
                    + "definition cannot resume here; start it again");
        }
        compiled = new MapFunction(source(), function, worker.budgets());
        Checkpoint at = Checkpoint.of(checkpoint);
        output = BatchPaths.inside(config.dir(), this.outputName);
        if (part != null && !part.isBlank()) partition = Integer.parseInt(part.strip());
        Path file = partition < 0 ? output : PartFiles.data(output, partition);
        Files.createDirectories(file.getParent());
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (out.size() < at.first()) {
            throw new IllegalStateException("the output " + file.getFileName() + " is shorter than its checkpoint; it was changed outside the job");
        }
        out.truncate(at.first());
        length = at.first();
        written = at.second();
        report = new ProgressReport(total, System::nanoTime);
        progressed();
        step.setExitStatus(report.text(written)); // a restart that stops before its first chunk shows where it stands
        if (written > 0 && report.due(written)) LOG.info(label() + ": resumed at " + report.text(written));
    }

    /** Records where the job stands: in this JVM for a whole job, in the partition's status file for a partition. */
    private void progressed() throws IOException {
        if (partition < 0) progress.update(job.getInstanceId(), written);
        else PartFiles.writeStatus(output, partition, new PartFiles.Status(WorkerName.get(), written));
    }

    private String label() { return partition < 0 ? "shape-map" : "shape-map " + job.getInstanceId() + " partition " + partition; }

    private String source() throws IOException {
        if (source != null && !source.isEmpty()) return source;
        return Files.readString(BatchPaths.inside(config.dir(), sourceFile), StandardCharsets.UTF_8);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        @SuppressWarnings("unchecked")
        List<MapItem> records = (List<MapItem>) (List<?>) items;
        long end = System.nanoTime() + RUN_LIMIT.toNanos();
        List<byte[]> lines = calls.run(compiled, records,
                () -> ShapeMapCheckpoints.stopping(job, step) || System.nanoTime() - end > 0);
        if (lines.size() < records.size()) ShapeMapReader.of(step).rewind(records.get(lines.size()));
        if (lines.isEmpty()) return;
        int size = 0;
        for (byte[] line : lines) size += line.length;
        ByteBuffer chunk = ByteBuffer.allocate(size);
        for (byte[] line : lines) chunk.put(line);
        chunk.flip();
        while (chunk.hasRemaining()) length += out.write(chunk, length);
        out.force(false); // on disk before the checkpoint that counts these lines commits
        written += lines.size();
        progressed();
        step.setExitStatus(report.text(written)); // stored with this chunk's checkpoint
        if (report.due(written)) LOG.info(label() + ": " + report.text(written));
    }

    @Override
    public Serializable checkpointInfo() { return new Checkpoint(length, written); }

    @Override
    public void close() throws IOException {
        if (report != null && report.changed(written)) LOG.info(label() + ": " + report.text(written)); // the step's last count
        if (out != null) out.close();
    }
}
