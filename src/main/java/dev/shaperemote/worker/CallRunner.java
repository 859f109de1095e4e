package dev.shaperemote.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Runs calls through Fault Tolerance ({@link CallExecution}: bulkhead, deadline, asynchronous) without blocking the
 * caller's thread, and turns what Fault Tolerance says into the worker's answers: a full bulkhead is Overloaded at
 * once, a passed deadline is {@link CallTimedOut} (the VM cancelled as well as interrupted), any other
 * fault-tolerance failure its kind ({@link FaultToleranceMapper}).
 *
 * <p>Waiting calls hold no thread of the caller; the bulkhead's queue is first come, first served, and each
 * caller's share of it is bounded by its quota of calls in flight ({@code shape.worker.quota.calls-in-flight}).
 */
@ApplicationScoped
public class CallRunner {
    @Inject
    CallExecution execution;
    @Inject
    CallAdmission admission;
    @Inject
    WorkerConfig config;
    @Inject
    Quotas quotas;

    private long timeoutMillis;

    @PostConstruct
    void init() {
        // The deadline as Fault Tolerance reads it (an operator may set its key instead of the worker's), for messages.
        timeoutMillis = ConfigProvider.getConfig(getClass().getClassLoader())
                .getOptionalValue(CallExecution.TIMEOUT_KEY, Long.class).orElse(config.callTimeout().toMillis());
    }

    /**
     * A caller's call: its result, or at once Overloaded when pool and queue are full or {@code principal} holds its
     * quota of calls in flight (held until the call's work ends). Fails with {@link CallTimedOut}.
     */
    public <T> CompletionStage<T> submit(CancellableCall<T> call, String principal) {
        return start(new CallSlot<>(call, quotas.take(principal, Quotas.Kind.CALLS), admission));
    }

    /** The worker's own work (batch records), outside every caller's quota. */
    public <T> CompletionStage<T> submitOwn(CancellableCall<T> call) { return start(new CallSlot<>(call, null, admission)); }

    private <T> CompletionStage<T> start(CallSlot<T> slot) {
        try {
            admission.accept();
        } catch (WorkerFailure draining) {
            slot.release();
            throw draining;
        }
        CompletionStage<T> run;
        try {
            run = execution.run(slot);
        } catch (Exception e) {
            slot.refused();
            throw refusal(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        run.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof TimeoutException) {
                boolean running = slot.timedOut();
                result.completeExceptionally(new CallTimedOut("the call ran past its time budget of " + timeoutMillis
                        + " ms (" + (running ? "running" : "waiting for a free slot") + ") and was stopped"));
            } else if (cause instanceof FaultToleranceException) {
                slot.refused();
                result.completeExceptionally(refusal(cause));
            } else {
                slot.release();
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    /** Why Fault Tolerance would not run a call, as the worker's failure (a full bulkhead names the pool's numbers). */
    private WorkerFailure refusal(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof BulkheadException) return admission.busy();
        if (cause instanceof FaultToleranceException ft) {
            return FaultToleranceMapper.map(ft, config.retryAfterSeconds(), CircuitDelay.longestSeconds());
        }
        if (cause instanceof WorkerFailure failure) return failure;
        throw new IllegalStateException("the call could not be started", cause);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) e = e.getCause();
        return e;
    }

    /** Whether calls can run (for readiness). */
    public boolean isUp() { return execution != null && admission.isUp(); }
}
