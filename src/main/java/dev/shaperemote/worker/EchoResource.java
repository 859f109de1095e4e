package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /api/v1/echo}: the request body back, unchanged. The reference a remote call is measured
 * against in load runs: the same server, transport and body size, with no decoding and no VM.
 */
@Path("/echo")
@ApplicationScoped
public class EchoResource {
    @Inject
    WorkerConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Echo the request body (load-run reference)")
    @APIResponse(responseCode = "200", description = "the request body, with the request's content type")
    @APIResponse(responseCode = "413", description = "body larger than shape.worker.wire.max-stream-bytes")
    public Response echo(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                         @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) throws IOException {
        byte[] bytes = BoundedBody.read(body, length == null ? -1 : length, config.wireMaxStreamBytes());
        return Response.ok(bytes, type == null ? MediaType.APPLICATION_OCTET_STREAM : type).build();
    }
}
