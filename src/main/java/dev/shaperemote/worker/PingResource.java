package dev.shaperemote.worker;

import dev.shaperemote.worker.auth.Public;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

/** {@code GET /api/v1/ping}: the JSON form of {@code Pong}, so a caller learns what this worker speaks. */
@Path("/ping")
@ApplicationScoped
public class PingResource {
    public static final String SHAPE_VERSION = "0.1.0";
    public static final int WIRE_PROTOCOL = 1;
    public static final List<String> CAPABILITIES =
            List.of("call", "blob-negotiation", "sidecar", "execute", "validate", "compression-zstd");

    private static final byte[] PONG = Json.bytes(g -> {
        g.writeStartObject();
        g.writeStringField("shape_version", SHAPE_VERSION);
        g.writeNumberField("wire_protocol", WIRE_PROTOCOL);
        g.writeArrayFieldStart("capabilities");
        for (String c : CAPABILITIES) g.writeString(c);
        g.writeEndArray();
        g.writeEndObject();
    });

    @GET
    @Public // the one operation without a token: what a worker speaks is no secret
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Protocol version and capabilities of this worker")
    @APIResponse(responseCode = "200", description = "{\"shape_version\", \"wire_protocol\", \"capabilities\"}")
    public byte[] ping() { return PONG; }
}
