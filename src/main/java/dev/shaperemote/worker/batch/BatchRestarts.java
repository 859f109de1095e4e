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
import java.util.Properties;
import java.time.Instant;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the application starts ({@code shape.worker.batch.restart-on-start}), restarts from their last checkpoint
 * the map jobs that were running when the server's JVM died. The batch runtime's recovery marks such an execution
 * failed when this JVM first uses the batch database, so an interrupted job is one whose latest execution failed
 * since this JVM started; a job that failed or was stopped before is left to the operator. A partitioned job is
 * restarted only by the worker that started it (its job parameter {@code server}), which also restarts it when it
 * fails while running ({@link #restartFailed}), at most {@code shape.worker.batch.auto-restarts} times.
 */
@ApplicationScoped
public class BatchRestarts {
    private static final Logger LOG = Logger.getLogger(BatchRestarts.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;
    @Inject
    BatchConfig batch;
    /** Job parameter: how often the job has restarted itself; and the worker that started it. */
    static final String RESTARTS = "restarts", SERVER = "server";

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (batch.restartOnStart()) executor.submit(this::restartInterrupted); // off the start: the batch database may be slow to open
    }

    private void restartInterrupted() {
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        JobOperator op = BatchRuntime.getJobOperator();
        for (String job : BatchesResource.JOBS) restartInterruptedOf(op, job, jvmStart);
    }

    private void restartInterruptedOf(JobOperator op, String job, Instant jvmStart) {
        int count;
        try {
            count = op.getJobInstanceCount(job); // also runs the runtime's recovery, first
        } catch (NoSuchJobException e) {
            return; // no such job ever ran
        }
        for (JobInstance instance : op.getJobInstances(job, 0, count)) {
            try {
                JobExecution last = BatchesResource.latest(instance);
                if (!interrupted(last.getBatchStatus(), last.getEndTime(), jvmStart)) continue;
                String server = BatchesResource.parameters(last).getProperty(SERVER);
                if (server != null && !server.equals(WorkerName.get())) continue; // its own worker restarts it
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

    /**
     * Once execution {@code execution} has ended (its end is being written as this is called), restarts it if it
     * failed and has restarted itself fewer than {@code shape.worker.batch.auto-restarts} times.
     */
    void restartFailed(long execution) {
        executor.submit(() -> {
            JobOperator op = BatchRuntime.getJobOperator();
            try {
                JobExecution ended = null;
                for (int i = 0; i < 600 && ended == null; i++) { // the runtime writes the end just after the listeners
                    JobExecution e = op.getJobExecution(execution);
                    if (e.getEndTime() != null) ended = e; else Thread.sleep(100);
                }
                if (ended == null || ended.getBatchStatus() != BatchStatus.FAILED) return;
                Properties p = op.getParameters(execution);
                int done = Integer.parseInt(p.getProperty(RESTARTS, "0"));
                if (done >= batch.autoRestarts()) {
                    LOG.warning("Batch execution " + execution + " failed after " + done + " automatic restarts; restart it yourself once the cause is fixed");
                    return;
                }
                p.setProperty(RESTARTS, Integer.toString(done + 1));
                long next = op.restart(execution, p);
                LOG.info("Batch execution " + execution + " failed (a partition's worker stopped, say); restarted from its checkpoints as execution " + next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Batch execution " + execution + " failed and could not be restarted: " + e.getMessage(), e);
            }
        });
    }
}
