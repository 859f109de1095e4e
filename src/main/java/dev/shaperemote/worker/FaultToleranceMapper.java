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
 * Every MicroProfile Fault Tolerance exception that reaches JAX-RS, as its error kind (the table in
 * docs/OPERATIONS.md). Resources catch {@link TimeoutException} themselves to answer in-band; this is
 * the safety net, so a fault-tolerance exception never shows up as a server error or a class name.
 */
@Provider
public class FaultToleranceMapper implements ExceptionMapper<FaultToleranceException> {
    @Inject
    WorkerConfig config;

    @Override
    public Response toResponse(FaultToleranceException e) {
        return new WorkerFailureMapper().toResponse(map(e, config.retryAfterSeconds()));
    }

    static WorkerFailure map(FaultToleranceException e, int retryAfterSeconds) {
        if (e instanceof TimeoutException) {
            return new WorkerFailure(503, RemoteErrorKind.Timeout, "the call ran past its time budget", 0);
        }
        if (e instanceof BulkheadException) {
            return WorkerFailure.overloaded("the worker is at its concurrency limit; retry later", retryAfterSeconds);
        }
        if (e instanceof CircuitBreakerOpenException) {
            return WorkerFailure.overloaded("the worker is shedding load after repeated failures; retry later", retryAfterSeconds);
        }
        return WorkerFailure.overloaded("the worker could not take the call; retry later", retryAfterSeconds);
    }
}
