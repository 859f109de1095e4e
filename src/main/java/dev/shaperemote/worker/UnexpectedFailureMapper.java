package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Last line of defence: a bug becomes a 500 with a neutral message; the stack trace goes to the log only. */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable t) {
        LOG.log(Level.SEVERE, "unexpected failure while serving a request", t);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.error(RemoteErrorKind.RuntimeError.name(), "internal error in the worker", null)).build();
    }
}
