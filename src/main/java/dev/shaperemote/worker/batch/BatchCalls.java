package dev.shaperemote.worker.batch;

import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.worker.CallAdmission;
import dev.shaperemote.worker.CallRunner;
import dev.shaperemote.worker.CallTimedOut;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WorkerFailure;
import dev.shaperemote.worker.WorkerMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Runs map-job records on the worker's call pool through {@link CallRunner} (its admission, bound, metrics and
 * deadline), in {@link RecordGroup groups}: one group of a job at a time, at most
 * {@code shape.worker.batch.max-parallel} groups of all jobs at once, and only when a pool slot is free, so batches
 * leave room for interactive calls. The batch thread waits for its group. A full pool is waited for with a bounded
 * backoff, never an error of a record: a batch is accepted work.
 */
@ApplicationScoped
public class BatchCalls {
    private static final Logger LOG = Logger.getLogger(BatchCalls.class.getName());
    /** Longest single wait, so a stop, a drain or the application's end is seen promptly. */
    static final long STEP_MILLIS = 250;

    @Inject
    CallRunner runner;
    @Inject
    CallAdmission admission;
    @Inject
    WorkerConfig config;
    @Inject
    BatchConfig batch;
    @Inject
    WorkerMetrics metrics;

    private Semaphore slots;
    private volatile boolean closed;

    @PostConstruct
    void init() { slots = new Semaphore(batch.maxParallel(config.poolSize()), true); }

    @PreDestroy
    void close() { closed = true; }

    /** Whether the application is stopping: batch threads stop waiting for anything. */
    boolean isClosed() { return closed; }

    /**
     * The output lines of the leading records of {@code items}, in order: of all of them, or of fewer when the
     * worker drains, the application stops or {@code handBack} (a stop of the job, the chunk's time limit) says
     * so before the rest ran. Records past the answer did not run.
     */
    List<byte[]> run(MapFunction function, List<MapItem> items, BooleanSupplier handBack) throws InterruptedException {
        List<byte[]> lines = new ArrayList<>(items.size());
        Backoff backoff = new Backoff(5, 1_000);
        while (lines.size() < items.size() && !closed && !admission.isDraining() && !handBack.getAsBoolean()) {
            if (!slots.tryAcquire(STEP_MILLIS, TimeUnit.MILLISECONDS)) continue; // other batches hold the batch share
            List<byte[]> ran;
            try {
                // A slot taken by an interactive call first is not waited for in the queue: retry instead.
                ran = admission.runningCount() < admission.poolSize() ? runGroup(function, items.subList(lines.size(), items.size())) : null;
            } finally {
                slots.release();
            }
            if (ran == null) {
                Thread.sleep(backoff.next());
            } else {
                lines.addAll(ran);
                backoff.reset();
            }
        }
        return lines;
    }

    /** The lines of one group's records, or null when the pool did not run it (full, or its deadline passed in the queue). */
    private List<byte[]> runGroup(MapFunction function, List<MapItem> items) throws InterruptedException {
        long timeout = config.callTimeout().toMillis();
        RecordGroup group = new RecordGroup(function, items, admission::isDraining,
                (kind, nanos) -> metrics.callFinished("batch", kind, Duration.ofNanos(nanos)), timeout);
        try {
            runner.submitOwn(group).toCompletableFuture().get(); // Fault Tolerance ends every call by its deadline
        } catch (WorkerFailure refused) {
            if (refused.kind() == RemoteErrorKind.Overloaded) return null;
            throw refused;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WorkerFailure refused && refused.kind() == RemoteErrorKind.Overloaded) return null;
            if (!(cause instanceof CallTimedOut)) throw new IllegalStateException("a batch group failed: " + cause, cause);
            if (!group.cancelRequested()) return null; // the deadline passed before a slot freed: nothing ran
            awaitStopped(group, timeout);
        }
        return group.finish();
    }

    /** After the deadline: waits for the stopped record's VM to reach its next check, bounded by one more deadline. */
    private void awaitStopped(RecordGroup group, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!group.awaitEnd(STEP_MILLIS)) {
            if (closed || System.nanoTime() - end > 0) {
                LOG.warning("A batch record did not stop within " + timeoutMillis + " ms of its deadline; its result is dropped");
                return;
            }
        }
    }
}
