package dev.shaperemote.worker.batch;

import dev.shaperemote.worker.CallAdmission;
import dev.shaperemote.worker.WorkerConfig;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.CheckpointAlgorithm;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * When the map job's chunks end, and the pause between them while the worker drains. A chunk ends after
 * {@code checkpoint} records, when the worker starts draining, or with the input's last record (never after a
 * null read, so records the writer hands back in the last chunk are read again rather than lost). Before a
 * chunk begins, outside its transaction, the job waits while the worker drains: no record starts, and it goes on
 * after undrain. A stop of the job ends the wait; so does the application's end, which fails the step (a restart
 * resumes it from its checkpoint).
 */
@Named("shapeMapCheckpoints")
@Dependent
public class ShapeMapCheckpoints implements CheckpointAlgorithm {
    private static final Logger LOG = Logger.getLogger(ShapeMapCheckpoints.class.getName());

    @Inject @BatchProperty(name = "checkpoint")
    String checkpoint;
    @Inject
    CallAdmission admission;
    @Inject
    BatchCalls calls;
    @Inject
    BatchProgress progress;
    @Inject
    BatchConfig batch;
    @Inject
    WorkerConfig config;
    @Inject
    JobContext job;
    @Inject
    StepContext step;

    private int read;

    /** Whether the job, or its step, is being stopped by the job operator. */
    static boolean stopping(JobContext job, StepContext step) {
        return job.getBatchStatus() == BatchStatus.STOPPING || step.getBatchStatus() == BatchStatus.STOPPING;
    }

    /** Seconds of the chunk's transaction: the writer's run limit, one record's deadline and its stopping, and room for the commit. */
    @Override
    public int checkpointTimeout() {
        long seconds = ShapeMapWriter.RUN_LIMIT.toSeconds() + 2 * config.callTimeout().toSeconds() + 60;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(180, seconds));
    }

    @Override
    public void beginCheckpoint() throws InterruptedException {
        read = 0;
        if (!admission.isDraining()) return;
        long instance = job.getInstanceId();
        progress.paused(instance, true);
        LOG.info("Batch " + instance + " paused: the worker is draining");
        try {
            while (!admission.awaitUndrained(Duration.ofMillis(BatchCalls.STEP_MILLIS))) {
                if (stopping(job, step)) return; // the chunk then hands its records back and the step stops
                if (calls.isClosed()) {
                    throw new IllegalStateException("the application stopped while batch " + instance
                            + " was paused for a drain; restart it to resume from its last checkpoint");
                }
            }
            LOG.info("Batch " + instance + " resumed: the worker takes calls again");
        } finally {
            progress.paused(instance, false);
        }
    }

    @Override
    public boolean isReadyToCheckpoint() throws Exception {
        return ++read >= items() || admission.isDraining() || ShapeMapReader.of(step).exhausted();
    }

    private int items() {
        try {
            return checkpoint == null || checkpoint.isBlank() ? batch.checkpointItems() : Math.max(1, Integer.parseInt(checkpoint.strip()));
        } catch (NumberFormatException e) {
            return batch.checkpointItems();
        }
    }

    @Override
    public void endCheckpoint() {}
}
