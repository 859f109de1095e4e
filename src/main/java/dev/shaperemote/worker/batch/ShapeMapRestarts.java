package dev.shaperemote.worker.batch;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Restarts a partitioned map job that failed, from its checkpoints, on the worker that ran it: a partition whose
 * worker died is failed by that worker's recovery when it comes back, which fails the job, and the records already
 * written must not wait for an operator. {@link BatchRestarts#restartFailed} bounds how often.
 */
@Named("shapeMapRestarts")
@Dependent
public class ShapeMapRestarts extends AbstractJobListener {
    @Inject JobContext job;
    @Inject BatchRestarts restarts;

    @Override
    public void afterJob() {
        BatchStatus status = job.getBatchStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.STOPPING || status == BatchStatus.STOPPED) return;
        restarts.restartFailed(job.getExecutionId());
    }
}
