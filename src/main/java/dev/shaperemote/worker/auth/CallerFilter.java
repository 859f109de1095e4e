package dev.shaperemote.worker.auth;

import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.worker.Json;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request under {@code /api/v1} but {@link Public} ones needs a caller: the container has verified the
 * bearer token (web.xml), this maps its groups to a {@link Caller} and refuses {@link AdminOnly} operations
 * to anyone but an administrator. The caller is left in the request for the resources.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class CallerFilter implements ContainerRequestFilter {
    @Inject
    Callers callers;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(Public.class)) return;
        if (request.getSecurityContext() == null || request.getSecurityContext().getUserPrincipal() == null) {
            refuse(request, 401, "a bearer token is needed (Authorization: Bearer ...)");
            return;
        }
        Caller caller = callers.caller(request.getSecurityContext().getUserPrincipal());
        if (caller == null) {
            refuse(request, 403, "the token has none of the groups that may call this worker " + callers.callerGroupNames());
            return;
        }
        if (!caller.admin() && adminOnly()) {
            refuse(request, 403, "this operation is for administrators (shape-admin)");
            return;
        }
        request.setProperty(Caller.PROPERTY, caller);
    }

    private static void refuse(ContainerRequestContext request, int status, String message) {
        request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.error(RemoteErrorKind.Unauthorized.name(), message, null)).build());
    }

    private boolean adminOnly() {
        return (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(AdminOnly.class))
                || (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(AdminOnly.class));
    }
}
