package dev.shaperemote.worker;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs calls on the managed call pool under admission control and a wall-clock budget
 * ({@code shape.worker.call.timeout-ms}, queue wait included), without blocking the caller's thread.
 *
 * <p>Nothing waits on a thread: a queued call is a start action in {@link CallAdmission}, and a running
 * one completes its future from the pool. (Blocking request threads on pool results would starve the
 * server's shared thread pool under a flood.) When the budget runs out, the answer is Timeout at once
 * and the VM is cancelled; its pool thread stops at its next check and only then gives its slot back,
 * so a runaway program never holds a slot for long past its timeout. The clock is ours rather than
 * Fault Tolerance's {@code @Timeout} because only the code that holds the VM can cancel it.
 */
@ApplicationScoped
public class CallRunner {
    @Resource(lookup = WorkerApplication.CALL_POOL)
    ManagedExecutorService pool;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService timers;

    @Inject
    CallAdmission admission;
    @Inject
    WorkerConfig config;
    @Inject
    Quotas quotas;

    /**
     * A caller's call: its result, or at once Overloaded when pool and queue are full or {@code principal} holds its
     * quota of calls in flight (held until the result is in). Fails with {@link CallTimedOut}. Waiting calls get
     * slots by turns of principals.
     */
    public <T> CompletionStage<T> submit(CancellableCall<T> call, String principal) {
        Quotas.Permit inFlight = quotas.take(principal, Quotas.Kind.CALLS);
        try {
            CompletionStage<T> result = admit(call, principal);
            result.whenComplete((value, error) -> inFlight.close());
            return result;
        } catch (RuntimeException refused) {
            inFlight.close();
            throw refused;
        }
    }

    /** The worker's own work ({@code turn}: whose turn it takes in the queue), outside every caller's quota. */
    public <T> CompletionStage<T> submitOwn(CancellableCall<T> call, String turn) { return admit(call, turn); }

    private <T> CompletionStage<T> admit(CancellableCall<T> call, String principal) {
        Job<T> job = new Job<>(call);
        admission.admit(job, principal);
        ScheduledFuture<?> timer = timers.schedule(job::timeOut, config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        job.result.whenComplete((value, error) -> timer.cancel(false));
        return job.result;
    }

    /** Whether the pool can take work (for readiness); a managed executor refuses lifecycle queries such as isShutdown. */
    public boolean isUp() { return pool != null && timers != null && admission.isUp(); }

    /** One call: started by admission when it gets a slot, or timed out first. */
    private final class Job<T> implements Runnable {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final CancellableCall<T> call;
        private boolean started;
        private boolean timedOut;

        Job(CancellableCall<T> call) { this.call = call; }

        /** Holds a slot from here on: runs the call on the pool, or passes the slot on if the call already timed out. */
        @Override
        public void run() {
            synchronized (this) {
                if (timedOut) {
                    admission.release();
                    return;
                }
                started = true;
            }
            try {
                pool.submit(() -> {
                    try {
                        result.complete(call.call());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    } finally {
                        admission.release(); // the slot frees when the VM has really stopped
                    }
                });
            } catch (RejectedExecutionException e) {
                admission.release();
                result.completeExceptionally(
                        WorkerFailure.overloaded("the call pool is not accepting work; retry later", config.retryAfterSeconds()));
            }
        }

        void timeOut() {
            boolean running;
            synchronized (this) {
                if (result.isDone()) return;
                timedOut = true;
                running = started;
            }
            if (running) call.cancel(); else admission.withdraw(this);
            result.completeExceptionally(new CallTimedOut("the call ran past its time budget of "
                    + config.callTimeout().toMillis() + " ms (" + (running ? "running" : "waiting for a free slot")
                    + ") and was stopped"));
        }
    }
}
