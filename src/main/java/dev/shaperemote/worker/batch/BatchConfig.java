package dev.shaperemote.worker.batch;

import dev.shaperemote.wire.WireLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;

/** Tunables of the batch jobs, under {@code shape.worker.batch.} (docs/OPERATIONS.md lists each). */
@ApplicationScoped
public class BatchConfig {
    @Inject @ConfigProperty(name = "shape.worker.batch.dir") String dir;
    @Inject @ConfigProperty(name = "shape.worker.batch.max-upload-bytes") long maxUploadBytes;
    @Inject @ConfigProperty(name = "shape.worker.batch.checkpoint-items") int checkpointItems;
    @Inject @ConfigProperty(name = "shape.worker.batch.max-frame-bytes") long maxFrameBytes;
    @Inject @ConfigProperty(name = "shape.worker.batch.max-parallel") int maxParallel;
    @Inject @ConfigProperty(name = "shape.worker.batch.restart-on-start") boolean restartOnStart;
    @Inject @ConfigProperty(name = "shape.worker.batch.partitions") int partitions;
    @Inject @ConfigProperty(name = "shape.worker.batch.auto-restarts") int autoRestarts;

    /**
     * The one directory batch inputs, sources and outputs may live under; a relative path is taken from the
     * server's output directory (Liberty's working directory).
     */
    public Path dir() { return Path.of(dir).toAbsolutePath().normalize(); }

    public long maxUploadBytes() { return maxUploadBytes; }

    public int checkpointItems() { return Math.max(1, checkpointItems); }

    /** Largest frame of a request-stream input; a longer one is skipped and becomes an {@code err} record. */
    public long maxFrameBytes() { return Math.max(1, Math.min(maxFrameBytes, WireLimits.HARD_MAX_BYTES)); }

    /** Call-pool slots all batch jobs together may hold at once, of a pool of {@code poolSize}. */
    public int maxParallel(int poolSize) { return maxParallel(maxParallel, poolSize); }

    /** The configured share, at most the pool; 0 (the default) or less: all slots but one, at least one. */
    static int maxParallel(int configured, int poolSize) {
        int pool = Math.max(1, poolSize);
        return configured > 0 ? Math.min(configured, pool) : Math.max(1, pool - 1);
    }

    /** Whether the application restarts, when it starts, the batches that were running when the server died. */
    public boolean restartOnStart() { return restartOnStart; }

    /** Partitions of a batch that names none: 1 runs the whole job as one step, on the worker that takes it. */
    public int partitions() { return Math.max(1, Math.min(ShapeMapPartitions.MAX_PARTITIONS, partitions)); }

    /** How often a partitioned batch that failed restarts itself from its checkpoints before it is left to the operator. */
    public int autoRestarts() { return Math.max(0, autoRestarts); }
}
