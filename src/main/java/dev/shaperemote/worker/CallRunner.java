package dev.shaperemote.worker;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls on the managed call pool under admission control and a wall-clock budget
 * ({@code shape.worker.call.timeout-ms}, queue wait included).
 *
 * <p>When the budget runs out the VM is cancelled; its pool thread stops at its next instruction
 * check and only then gives its run slot back, so a runaway program can never hold a slot for long
 * past its timeout. The clock is ours rather than Fault Tolerance's {@code @Timeout} because only the
 * code that holds the VM can cancel it, and an interrupt alone does not stop a running VM.
 */
@ApplicationScoped
public class CallRunner {
    @Resource(lookup = WorkerApplication.CALL_POOL)
    ManagedExecutorService pool;

    @Inject
    CallAdmission admission;
    @Inject
    WorkerConfig config;

    public <T> T run(CancellableCall<T> call) throws CallTimedOut, InterruptedException {
        long deadline = System.nanoTime() + config.callTimeout().toNanos();
        CallAdmission.Permit permit = admission.admit(); // Overloaded at once when pool and queue are full
        boolean handedOff = false;
        try {
            if (!permit.awaitRunSlot(deadline - System.nanoTime())) throw timedOut("waiting for a free slot");
            Future<T> result = pool.submit(() -> {
                try {
                    return call.call();
                } finally {
                    permit.close(); // the slot frees when the VM has really stopped
                }
            });
            handedOff = true;
            try {
                return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel();
                throw timedOut("running");
            } catch (InterruptedException e) {
                call.cancel();
                throw e;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a call failed outside the VM", e.getCause());
            }
        } catch (RejectedExecutionException e) {
            throw WorkerFailure.overloaded("the call pool is not accepting work; retry later", config.retryAfterSeconds());
        } finally {
            if (!handedOff) permit.close();
        }
    }

    private CallTimedOut timedOut(String where) {
        return new CallTimedOut("the call ran past its time budget of " + config.callTimeout().toMillis()
                + " ms (" + where + ") and was stopped");
    }

    /** Whether the pool can take work (for readiness); a managed executor refuses lifecycle queries such as isShutdown. */
    public boolean isUp() { return pool != null && admission.isUp(); }
}
