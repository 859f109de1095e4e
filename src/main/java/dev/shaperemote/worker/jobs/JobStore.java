package dev.shaperemote.worker.jobs;

import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WorkerFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs submitted over REST, in memory: a finished job's answer is kept for
 * {@code shape.worker.jobs.retention-seconds} and then dropped, and at most {@code shape.worker.jobs.max-count}
 * jobs are held at once, so neither finished answers nor submissions grow without bound.
 */
@ApplicationScoped
public class JobStore {
    @Inject @ConfigProperty(name = "shape.worker.jobs.retention-seconds", defaultValue = "600")
    long retentionSeconds;
    @Inject @ConfigProperty(name = "shape.worker.jobs.max-count", defaultValue = "10000")
    int maxCount;
    @Inject
    WorkerConfig config;

    private final Map<String, WireJob> jobs = new ConcurrentHashMap<>();

    /** A new queued job; Overloaded when the store is full of jobs still held. */
    WireJob create() {
        sweep();
        if (jobs.size() >= maxCount) {
            throw WorkerFailure.overloaded("the worker holds its maximum of " + maxCount
                    + " jobs; fetch finished ones or retry later", config.retryAfterSeconds());
        }
        WireJob job = new WireJob(UUID.randomUUID().toString(), Instant.now());
        jobs.put(job.id(), job);
        return job;
    }

    /** The job with this id, or null when unknown or past its retention. */
    WireJob find(String id) {
        WireJob job = id == null ? null : jobs.get(id);
        if (job != null && expired(job, Instant.now())) {
            jobs.remove(id, job);
            return null;
        }
        return job;
    }

    void remove(WireJob job) { jobs.remove(job.id(), job); }

    /** When a finished job is dropped. */
    Instant expiresAt(WireJob job) { return job.finishedAt().plus(retention()); }

    private Duration retention() { return Duration.ofSeconds(Math.max(0, retentionSeconds)); }

    private boolean expired(WireJob job, Instant now) { return job.finished() && !expiresAt(job).isAfter(now); }

    private void sweep() {
        Instant now = Instant.now();
        jobs.values().removeIf(job -> expired(job, now));
    }
}
