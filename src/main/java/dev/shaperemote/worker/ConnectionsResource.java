package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/connections}: issues connection tokens, each naming the caller's own blob cache, and
 * drops them. Every caller is anonymous until the security issue adds authentication.
 */
@Path("/connections")
@ApplicationScoped
public class ConnectionsResource {
    @Inject
    ConnectionRegistry registry;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a connection: a token that names this caller's blob cache")
    @APIResponse(responseCode = "201", description = "{\"token\", \"expires_at\"}; the token expires when idle")
    @APIResponse(responseCode = "503", description = "Overloaded: the maximum number of connections exists")
    public Response create() {
        Connection c = registry.create(ConnectionRegistry.ANONYMOUS);
        byte[] body = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("token", c.token());
            g.writeStringField("expires_at", registry.expiresAt(c).toString());
            g.writeEndObject();
        });
        return Response.created(UriBuilder.fromResource(ConnectionsResource.class).path(c.token()).build())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @DELETE
    @Path("/{token}")
    @Operation(summary = "Close a connection and drop its blob cache")
    @APIResponse(responseCode = "204", description = "dropped")
    @APIResponse(responseCode = "404", description = "no such connection")
    public Response delete(@PathParam("token") String token) {
        if (!registry.delete(token, ConnectionRegistry.ANONYMOUS)) throw WorkerFailure.notFound("no such connection");
        return Response.noContent().build();
    }
}
