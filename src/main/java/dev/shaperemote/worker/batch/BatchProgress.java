package dev.shaperemote.worker.batch;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records written so far by each running map job (by job instance), kept by its writer from its own
 * checkpoint on, so {@code GET /api/v1/batches/{id}} can report progress between checkpoints.
 */
@ApplicationScoped
public class BatchProgress {
    private final Map<Long, Long> written = new ConcurrentHashMap<>();

    void update(long instanceId, long records) { written.put(instanceId, records); }

    /** Records written by the job in this JVM, or null when it has not run here since the start. */
    Long written(long instanceId) { return written.get(instanceId); }
}
