package dev.shaperemote.itapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /it/echo}: the request body back, unchanged. The reference a remote call is measured against in
 * load runs ({@code LoadRun}, {@code UploadRun}): the same server, transport, bearer-token check and body size,
 * with no decoding and no VM. It reads the body as the worker's {@code BoundedBody} does (the whole body into one
 * array, refused past {@code shape.worker.wire.max-stream-bytes}), so the comparison stays as it was when this
 * resource lived in the worker.
 */
@Path("/echo")
@ApplicationScoped
public class EchoResource {
    /** The worker's default ceiling of a wire request stream (microprofile-config.properties); the IT server sets its own. */
    private static final long DEFAULT_LIMIT = 268_435_456L;

    private final long limit = ConfigProvider.getConfig()
            .getOptionalValue("shape.worker.wire.max-stream-bytes", Long.class).orElse(DEFAULT_LIMIT);

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response echo(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                         @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) throws IOException {
        byte[] bytes = read(body, length == null ? -1 : length, limit);
        return Response.ok(bytes, type == null ? MediaType.APPLICATION_OCTET_STREAM : type).build();
    }

    private static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
        if (declaredLength > limit) throw tooLarge();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 256), limit));
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            total += n;
            if (total > limit) throw tooLarge();
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static WebApplicationException tooLarge() {
        return new WebApplicationException(Response.status(413).type(MediaType.TEXT_PLAIN_TYPE).entity("body too large").build());
    }
}
