package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own refusals (unknown path, wrong method or media type) keep their status but get an {@code Error} body. */
@Provider
public class WebFailureMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "the resource cannot produce the requested media type";
            case 415 -> "unsupported media type";
            default -> "the request was refused (HTTP " + status + ")";
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.error(RemoteErrorKind.ProtocolError.name(), message, null)).build();
    }
}
