package dev.shaperemote.worker.admin;

import dev.shaperemote.worker.Json;
import dev.shaperemote.worker.WorkerFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/**
 * The MBeans' operations over REST under {@code /api/v1/admin}, for operators without a JMX client. Open to
 * anyone for now, like the rest of the API: the security issue puts it behind an administrator role.
 */
@Path("/admin")
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
            g.writeObjectFieldStart("pool");
            g.writeNumberField("size", admin.getSize());
            g.writeNumberField("active", admin.getActive());
            g.writeNumberField("queued", admin.getQueued());
            g.writeNumberField("rejected", admin.getRejected());
            g.writeEndObject();
            g.writeObjectFieldStart("caches");
            g.writeNumberField("connections", admin.getConnections());
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
    @Path("caches/{token}/evict")
    @Operation(summary = "Empty one connection's blob cache; its token stays valid")
    public byte[] evict(@PathParam("token") String token) {
        if (!admin.evictConnection(token)) throw WorkerFailure.notFound("no connection with that token");
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
