package dev.shaperemote.worker.jobs;

import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.worker.DiskGuard;
import dev.shaperemote.worker.WireCalls;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WorkerFailure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The jobs submitted over REST, held on disk ({@link JobFiles}, under {@code shape.worker.jobs.dir}) and
 * indexed in memory: a job is on disk before it is accepted, and every change of status is written before
 * it is seen. A finished job's answer is kept for {@code shape.worker.jobs.retention-seconds}, then dropped
 * with its files, and at most {@code shape.worker.jobs.max-count} jobs are held at once. Below the disk's
 * free-space floor ({@link DiskGuard}) new jobs are refused.
 */
@ApplicationScoped
public class JobStore {
    private static final Logger LOG = Logger.getLogger(JobStore.class.getName());

    @Inject @ConfigProperty(name = "shape.worker.jobs.dir") String dir;
    @Inject @ConfigProperty(name = "shape.worker.jobs.retention-seconds") long retentionSeconds;
    @Inject @ConfigProperty(name = "shape.worker.jobs.max-count") int maxCount;
    @Inject
    WorkerConfig config;
    @Inject
    WireCalls calls;
    @Inject
    DiskGuard disk;

    private final Map<String, WireJob> jobs = new ConcurrentHashMap<>();
    private JobFiles files;
    private WireLimits limits;
    private int retryAfterSeconds;
    private Clock clock = Clock.systemUTC();

    JobStore() {} // for CDI

    /** A store outside the container (tests): the same rules over {@code dir}. */
    JobStore(Path dir, long retentionSeconds, int maxCount, WireLimits limits, Clock clock) {
        this(dir, retentionSeconds, maxCount, limits, clock, new DiskGuard(0, d -> Long.MAX_VALUE, 1));
    }

    /** As above, with a free-space floor whose probe the test drives. */
    JobStore(Path dir, long retentionSeconds, int maxCount, WireLimits limits, Clock clock, DiskGuard disk) {
        this.disk = disk;
        this.files = new JobFiles(dir);
        this.retentionSeconds = retentionSeconds;
        this.maxCount = maxCount;
        this.limits = limits;
        this.retryAfterSeconds = 1;
        this.clock = clock;
    }

    @PostConstruct
    void init() {
        // A relative directory is taken from the server's output directory (Liberty's working directory), as the batch one is.
        files = new JobFiles(Path.of(dir));
        limits = calls.limits();
        retryAfterSeconds = config.retryAfterSeconds();
    }

    /** Where the jobs' files live. */
    Path dir() { return files.dir(); }

    /**
     * Loads the jobs a previous run left (finished ones still within their retention; expired ones are
     * deleted) and answers the unfinished ones, oldest first, to be run (again).
     */
    synchronized List<WireJob> reload() {
        Instant now = clock.instant();
        List<WireJob> unfinished = new ArrayList<>();
        for (WireJob job : files.load(limits)) {
            if (expired(job, now)) {
                files.delete(job.id());
                continue;
            }
            if (jobs.putIfAbsent(job.id(), job) == null && !job.finished()) unfinished.add(job);
        }
        unfinished.sort(Comparator.comparing(WireJob::submittedAt));
        return unfinished;
    }

    /**
     * A new queued job, its request stream on disk (forced) when this returns; Overloaded when the store is
     * full of jobs still held, or when the job cannot be written.
     */
    WireJob accept(byte[] request, String token, String owner) {
        sweep();
        disk.require(files.dir(), "jobs");
        WireJob job = new WireJob(UUID.randomUUID().toString(), clock.instant(), token, owner);
        synchronized (this) {
            if (jobs.size() >= maxCount) {
                throw WorkerFailure.overloaded("the worker holds its maximum of " + maxCount
                        + " jobs; fetch finished ones or retry later", retryAfterSeconds);
            }
            jobs.put(job.id(), job);
        }
        try {
            files.create(job, request);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "job " + job.id() + " could not be stored under " + files.dir(), e);
            remove(job);
            throw WorkerFailure.overloaded("the worker could not store the job; retry later", retryAfterSeconds);
        }
        return job;
    }

    /** How many jobs of {@code owner} are not finished yet (for its quota). */
    synchronized long unfinishedOf(String owner) {
        return jobs.values().stream().filter(j -> !j.finished() && j.owner().equals(owner)).count();
    }

    /** The job with this id, or null when unknown or past its retention (its files are deleted then). */
    WireJob find(String id) {
        WireJob job = id == null ? null : jobs.get(id);
        if (job != null && expired(job, clock.instant())) {
            drop(job);
            return null;
        }
        return job;
    }

    /**
     * The request stream of an unfinished job, as it was accepted. A read that fails is tried twice more (a busy or
     * briefly unavailable disk); reads that keep failing open the circuit, and the jobs stay pending, untouched,
     * until it closes ({@link JobRunner}). A file that is gone is not retried: it will not come back.
     */
    @Retry(maxRetries = 2, delay = 50, jitter = 25, retryOn = IOException.class, abortOn = NoSuchFileException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5_000, failOn = IOException.class,
            skipOn = NoSuchFileException.class)
    public byte[] request(WireJob job) throws IOException { return files.readRequest(job); }

    /** The job started running; its state on disk says so (a job that dies running is run again all the same). */
    void running(WireJob job) {
        synchronized (job) {
            if (!job.started()) return;
            try {
                files.writeState(job, WireJob.Status.running, null);
            } catch (IOException e) {
                LOG.warning("the running state of job " + job.id() + " could not be written: " + e);
            }
        }
    }

    /**
     * Finishes a job with its response stream: written to disk first, so an answer once seen survives a
     * restart. When it cannot be written the answer is still served until the job expires, but a restart
     * would run the job again.
     */
    void finish(WireJob job, WireJob.Status end, byte[] stream) {
        synchronized (job) {
            if (job.finished()) return;
            Instant at = clock.instant();
            try {
                files.writeResponse(job, stream);
                files.writeState(job, end, at);
                files.deleteRequest(job);
            } catch (IOException e) {
                LOG.warning("the answer of job " + job.id() + " could not be written (a restart would run it again): " + e);
            }
            job.finish(end, stream, at);
        }
    }

    /** Forgets a job that was not accepted after all, with its files. */
    void remove(WireJob job) { drop(job); }

    /** When a finished job is dropped. */
    Instant expiresAt(WireJob job) { return job.finishedAt().plus(Duration.ofSeconds(Math.max(0, retentionSeconds))); }

    /** Drops every finished job past its retention, with its files. */
    void sweep() {
        Instant now = clock.instant();
        for (WireJob job : jobs.values()) {
            if (expired(job, now)) drop(job);
        }
    }

    /** Jobs held now (queued, running, or finished and kept). */
    int size() { return jobs.size(); }

    private boolean expired(WireJob job, Instant now) { return job.finished() && !expiresAt(job).isAfter(now); }

    private void drop(WireJob job) {
        if (jobs.remove(job.id(), job)) files.delete(job.id());
    }
}
