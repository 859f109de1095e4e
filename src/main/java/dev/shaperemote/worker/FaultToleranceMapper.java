package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Every MicroProfile Fault Tolerance exception as its error kind (the table in docs/OPERATIONS.md), for JAX-RS and
 * for the call path ({@link CallRunner}). The call path answers its own deadline in-band and its full bulkhead
 * with the pool's numbers; this is the one mapping of the rest, so a fault-tolerance exception never shows up as a
 * server error or a class name.
 */
@Provider
public class FaultToleranceMapper implements ExceptionMapper<FaultToleranceException> {
    @Inject
    WorkerConfig config;

    @Override
    public Response toResponse(FaultToleranceException e) {
        return new WorkerFailureMapper().toResponse(map(e, config.retryAfterSeconds(), CircuitDelay.longestSeconds()));
    }

    /**
     * {@code e} as the worker's failure: an open circuit asks the caller to wait {@code circuitSeconds} (until it may
     * close), anything else {@code retryAfterSeconds}.
     */
    static WorkerFailure map(FaultToleranceException e, int retryAfterSeconds, int circuitSeconds) {
        if (e instanceof TimeoutException) {
            return new WorkerFailure(503, RemoteErrorKind.Timeout, "the call ran past its time budget", 0);
        }
        if (e instanceof BulkheadException) {
            return WorkerFailure.overloaded("the worker is at its concurrency limit; retry later", retryAfterSeconds);
        }
        if (e instanceof CircuitBreakerOpenException) {
            // Retry when the circuit may close again: the longest delay, as the exception does not say which one opened.
            return WorkerFailure.overloaded("a service the worker depends on failed repeatedly, so the worker stopped "
                    + "using it for a while; retry later", circuitSeconds);
        }
        return WorkerFailure.overloaded("the worker could not take the call; retry later", retryAfterSeconds);
    }
}
