package dev.shaperemote.worker.batch;

import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.worker.WorkerConfig;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Calls the job's function on one record under the worker's budgets and turns the outcome into its output
 * line. A record that is not an argument list (a JSONL line) or a decodable Call (a request-stream frame, decoded
 * within {@code shape.worker.batch.max-frame-bytes} and the wire's decompression ceiling), or whose call fails,
 * becomes an {@code err} line: it never
 * stops the job. Only a source that does not compile, or names no such function, fails the job.
 */
@Named("shapeMapProcessor")
@Dependent
public class ShapeMapProcessor implements ItemProcessor {
    @Inject @BatchProperty(name = "function")
    String function;
    @Inject @BatchProperty(name = "source")
    String source;
    @Inject @BatchProperty(name = "sourceFile")
    String sourceFile;
    @Inject
    BatchConfig batch;
    @Inject
    WorkerConfig config;

    private MapFunction compiled;
    private WireLimits limits;

    @Override
    public Object processItem(Object item) throws IOException {
        if (compiled == null) {
            compiled = new MapFunction(source(), function, config.budgets());
            limits = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, batch.maxFrameBytes(),
                    Math.max(1, Math.min(config.wireMaxDecompressedBytes(), WireLimits.HARD_MAX_BYTES)));
        }
        if (item instanceof FrameRecord frame) return compiled.apply(frame, limits);
        return compiled.apply((MapRecord) item);
    }

    private String source() throws IOException {
        if (source != null && !source.isEmpty()) return source;
        return Files.readString(BatchPaths.inside(batch.dir(), sourceFile), StandardCharsets.UTF_8);
    }
}
