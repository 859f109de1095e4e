package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where calls run: MicroProfile Fault Tolerance's asynchronous execution, its bulkhead as the pool and the queue
 * of waiting calls, and its timeout as the call's deadline (the queue wait included: Timeout wraps Bulkhead).
 * On timeout, Fault Tolerance interrupts the thread, and the VM stops at its next check.
 *
 * <p>The numbers here are placeholders: META-INF/microprofile-config.properties sets each of them from the worker's
 * own keys ({@code CallExecution/run/Timeout/value=${shape.worker.call.timeout-ms}}, ...), and an operator may
 * set either, without a rebuild (docs/OPERATIONS.md, "Fault tolerance").
 */
@ApplicationScoped
public class CallExecution {
    /** The configuration key of the deadline in milliseconds, as Fault Tolerance reads it. */
    static final String TIMEOUT_KEY = CallExecution.class.getName() + "/run/Timeout/value";

    @Asynchronous
    @Timeout(30_000)
    @Bulkhead(value = 4, waitingTaskQueue = 64)
    public <T> CompletionStage<T> run(CallSlot<T> slot) throws Exception {
        return CompletableFuture.completedFuture(slot.run());
    }
}
