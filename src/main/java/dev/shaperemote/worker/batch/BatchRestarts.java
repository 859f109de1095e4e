package dev.shaperemote.worker.batch;

import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the application starts ({@code shape.worker.batch.restart-on-start}), restarts from their last checkpoint
 * the map jobs that were running when the server's JVM died. The batch runtime's recovery marks such an execution
 * failed when this JVM first uses the batch database, so an interrupted job is one whose latest execution failed
 * since this JVM started; a job that failed or was stopped before is left to the operator.
 */
@ApplicationScoped
public class BatchRestarts {
    private static final Logger LOG = Logger.getLogger(BatchRestarts.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;
    @Inject
    BatchConfig batch;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (batch.restartOnStart()) executor.submit(this::restartInterrupted); // off the start: the batch database may be slow to open
    }

    private void restartInterrupted() {
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        JobOperator op = BatchRuntime.getJobOperator();
        int count;
        try {
            count = op.getJobInstanceCount(BatchesResource.JOB); // also runs the runtime's recovery, first
        } catch (NoSuchJobException e) {
            return; // no map job ever ran
        }
        for (JobInstance instance : op.getJobInstances(BatchesResource.JOB, 0, count)) {
            try {
                JobExecution last = BatchesResource.latest(instance);
                if (!interrupted(last.getBatchStatus(), last.getEndTime(), jvmStart)) continue;
                long execution = op.restart(last.getExecutionId(), BatchesResource.parameters(last));
                LOG.info("Batch " + instance.getInstanceId() + " was running when the server stopped; restarted from its last checkpoint as execution " + execution);
            } catch (RuntimeException e) { // one batch that cannot restart does not keep the others from it
                LOG.log(Level.WARNING, "Batch " + instance.getInstanceId() + " was running when the server stopped and could not be restarted: " + e.getMessage(), e);
            }
        }
    }

    /** Whether an execution that ended so was cut off by the end of the previous JVM (failed by this JVM's recovery). */
    static boolean interrupted(BatchStatus status, Date end, Instant jvmStart) {
        return status == BatchStatus.FAILED && end != null && !end.toInstant().isBefore(jvmStart);
    }
}
