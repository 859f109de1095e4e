package dev.shaperemote.worker.batch;

import dev.shaperemote.wire.WireLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;

/** Tunables of the batch jobs, under {@code shape.worker.batch.} (docs/OPERATIONS.md lists each). */
@ApplicationScoped
public class BatchConfig {
    @Inject @ConfigProperty(name = "shape.worker.batch.dir", defaultValue = "shape-batches")
    String dir;
    @Inject @ConfigProperty(name = "shape.worker.batch.max-upload-bytes", defaultValue = "1073741824")
    long maxUploadBytes;
    @Inject @ConfigProperty(name = "shape.worker.batch.checkpoint-items", defaultValue = "1000")
    int checkpointItems;
    @Inject @ConfigProperty(name = "shape.worker.batch.max-frame-bytes", defaultValue = "16777216")
    long maxFrameBytes;

    /**
     * The one directory batch inputs, sources and outputs may live under; a relative path is taken from the
     * server's output directory (Liberty's working directory).
     */
    public Path dir() { return Path.of(dir).toAbsolutePath().normalize(); }

    public long maxUploadBytes() { return maxUploadBytes; }

    public int checkpointItems() { return Math.max(1, checkpointItems); }

    /** Largest frame of a request-stream input; a longer one is skipped and becomes an {@code err} record. */
    public long maxFrameBytes() { return Math.max(1, Math.min(maxFrameBytes, WireLimits.HARD_MAX_BYTES)); }
}
