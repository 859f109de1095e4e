package dev.shaperemote.worker;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused request as its status and an {@code Error} body, with {@code Retry-After} when shedding load. */
@Provider
public class WorkerFailureMapper implements ExceptionMapper<WorkerFailure> {
    @Override
    public Response toResponse(WorkerFailure failure) {
        Response.ResponseBuilder r = Response.status(failure.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.error(failure.kind().name(), failure.getMessage(), null));
        if (failure.retryAfterSeconds() > 0) r.header("Retry-After", failure.retryAfterSeconds());
        return r.build();
    }
}
