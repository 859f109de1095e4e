package dev.shaperemote.worker.admin;

import dev.shaperemote.worker.Json;
import dev.shaperemote.worker.WorkerFailure;
import dev.shaperemote.worker.auth.AdminOnly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import dev.shaperemote.worker.WireResource;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/**
 * The MBeans' operations over REST under {@code /api/v1/admin}, for operators without a JMX client; for
 * {@code shape-admin} callers only.
 */
@Path("/admin")
@AdminOnly
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    WorkerAdmin admin;

    @GET
    @Path("stats")
    @Operation(summary = "Pool, caches and calls by kind: what the MBeans show")
    public byte[] stats() {
        return Json.bytes(g -> {
            g.writeStartObject();
            g.writeBooleanField("draining", admin.isDraining());
            g.writeStringField("jms_listener", admin.getJmsListener());
            g.writeObjectFieldStart("pool");
            g.writeNumberField("size", admin.getSize());
            g.writeNumberField("active", admin.getActive());
            g.writeNumberField("queued", admin.getQueued());
            g.writeNumberField("rejected", admin.getRejected());
            g.writeNumberField("longest_stop_ms", admin.getLongestStopMillis());
            g.writeEndObject();
            g.writeObjectFieldStart("caches");
            g.writeNumberField("connections", admin.getConnections());
            g.writeNumberField("fleet_members", admin.getFleetMembers());
            g.writeNumberField("entries", admin.getEntries());
            g.writeNumberField("bytes", admin.getBytes());
            g.writeNumberField("hits", admin.getHits());
            g.writeNumberField("misses", admin.getMisses());
            g.writeNumberField("evictions", admin.getEvictions());
            g.writeEndObject();
            g.writeObjectFieldStart("calls");
            for (Map.Entry<String, Long> e : admin.getCallsByKind().entrySet()) g.writeNumberField(e.getKey(), e.getValue());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @POST
    @Path("drain")
    @Operation(summary = "Stop taking new calls (they answer 503 Overloaded) while calls already taken finish")
    public byte[] drain() {
        admin.drain();
        return stats();
    }

    @POST
    @Path("undrain")
    @Operation(summary = "Take new calls again")
    public byte[] undrain() {
        admin.undrain();
        return stats();
    }

    @POST
    @Path("jms/pause")
    @Operation(summary = "Stop taking requests from the JMS queue (they wait there) once those being answered are done")
    public byte[] pauseJms() {
        admin.pauseJmsListener();
        return stats();
    }

    @POST
    @Path("jms/resume")
    @Operation(summary = "Take requests from the JMS queue again")
    public byte[] resumeJms() {
        admin.resumeJmsListener();
        return stats();
    }

    @POST
    @Path("caches/evict")
    @Operation(summary = "Empty the blob cache of the connection named by the Shape-Connection header; its token stays valid")
    public byte[] evict(@HeaderParam(WireResource.CONNECTION_HEADER) String token) {
        if (token == null || !admin.evictConnection(token.strip())) throw WorkerFailure.notFound("no connection with that token");
        return stats();
    }

    @POST
    @Path("caches/clear")
    @Operation(summary = "Empty every connection's blob cache")
    public byte[] clear() {
        admin.clearAll();
        return stats();
    }
}
