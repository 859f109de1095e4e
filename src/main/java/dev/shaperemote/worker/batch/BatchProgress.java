package dev.shaperemote.worker.batch;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /api/v1/batches/{id}} reports of each running map job (by job instance) between checkpoints:
 * records written so far, kept by its writer from its own checkpoint on, and whether it is paused for a drain.
 */
@ApplicationScoped
public class BatchProgress {
    private final Map<Long, Long> written = new ConcurrentHashMap<>();
    private final Set<Long> paused = ConcurrentHashMap.newKeySet();

    void update(long instanceId, long records) { written.put(instanceId, records); }

    /** Records written by the job in this JVM, or null when it has not run here since the start. */
    Long written(long instanceId) { return written.get(instanceId); }

    void paused(long instanceId, boolean isPaused) {
        if (isPaused) paused.add(instanceId); else paused.remove(instanceId);
    }

    /** Whether the job is waiting between chunks for the worker to stop draining. */
    boolean isPaused(long instanceId) { return paused.contains(instanceId); }
}
