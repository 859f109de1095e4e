package dev.shaperemote.worker;

import dev.shaperemote.worker.auth.Public;
import dev.shaperemote.worker.jms.JmsResources;
import jakarta.annotation.PostConstruct;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/ping}: the JSON form of {@code Pong}, so a caller learns what this worker speaks: the wire
 * capabilities, then the transports this server gives it (docs/WIRE.md, "Server capabilities"), since the same
 * WAR runs on servers that lack some (Payara Micro has no JMS broker).
 */
@Path("/ping")
@ApplicationScoped
public class PingResource {
    public static final String SHAPE_VERSION = "0.1.0";
    public static final int WIRE_PROTOCOL = 1;
    public static final List<String> CAPABILITIES =
            List.of("call", "blob-negotiation", "sidecar", "execute", "validate", "compression-zstd");
    /** Transports every server of this WAR has: the HTTP API, WebSocket and jobs. */
    static final List<String> TRANSPORTS = List.of("http", "websocket", "jobs");

    @Inject
    JmsResources jms;

    private byte[] pong;

    @PostConstruct
    void init() {
        List<String> capabilities = new ArrayList<>(CAPABILITIES);
        capabilities.addAll(TRANSPORTS);
        if (hasBatch()) capabilities.add("batch");
        if (jms.available()) capabilities.add("jms");
        pong = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("shape_version", SHAPE_VERSION);
            g.writeNumberField("wire_protocol", WIRE_PROTOCOL);
            g.writeArrayFieldStart("capabilities");
            for (String c : capabilities) g.writeString(c);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Whether this server runs Jakarta Batch jobs (the batches API needs it). */
    private static boolean hasBatch() {
        try {
            return BatchRuntime.getJobOperator() != null;
        } catch (RuntimeException | LinkageError missing) {
            return false;
        }
    }

    @GET
    @Public // the one operation without a token: what a worker speaks is no secret
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Protocol version and capabilities of this worker and its server")
    @APIResponse(responseCode = "200", description = "{\"shape_version\", \"wire_protocol\", \"capabilities\"}")
    public byte[] ping() { return pong; }
}
