package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import dev.shaperemote.worker.auth.Callers;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/connections}: issues connection tokens, each naming the caller's own blob cache and usable by
 * that caller alone, and drops them. A token never travels in a URL: DELETE names it in its header.
 */
@Path("/connections")
@ApplicationScoped
public class ConnectionsResource {
    @Inject
    ConnectionRegistry registry;
    @Inject
    Callers callers;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a connection: a token that names this caller's blob cache")
    @APIResponse(responseCode = "201", description = "{\"token\", \"expires_at\"}; the token expires when idle")
    @APIResponse(responseCode = "429", description = "Overloaded: this caller holds its quota of connections; see Retry-After")
    @APIResponse(responseCode = "503", description = "Overloaded: the maximum number of connections exists")
    public Response create(@Context SecurityContext security) {
        Connection c = registry.create(callers.required(security).name());
        byte[] body = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("token", c.token());
            g.writeStringField("expires_at", registry.expiresAt(c).toString());
            g.writeEndObject();
        });
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @DELETE
    @Operation(summary = "Close the connection named by the Shape-Connection header and drop its blob cache")
    @APIResponse(responseCode = "204", description = "dropped")
    @APIResponse(responseCode = "404", description = "no such connection of this caller")
    public Response delete(@HeaderParam(WireResource.CONNECTION_HEADER) String token, @Context SecurityContext security) {
        String name = callers.required(security).name();
        if (token == null || !registry.delete(token.strip(), name)) throw WorkerFailure.notFound("no such connection");
        return Response.noContent().build();
    }
}
