package dev.shaperemote.worker.auth;

import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.worker.WorkerFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps an authenticated principal to a {@link Caller}: the token's groups that count as the
 * {@code shape-caller} and {@code shape-admin} roles come from MicroProfile Config, so an organisation can
 * use the group names its identity provider already has.
 */
@ApplicationScoped
public class Callers {
    @Inject @ConfigProperty(name = "shape.worker.auth.caller-groups") String callerGroups;
    @Inject @ConfigProperty(name = "shape.worker.auth.admin-groups") String adminGroups;

    private Set<String> callers, admins;

    /** For tests and for code that is not CDI-managed. */
    static Callers of(String callerGroups, String adminGroups) {
        Callers c = new Callers();
        c.callerGroups = callerGroups;
        c.adminGroups = adminGroups;
        return c;
    }

    /** The caller this principal is, or null when it has none of the configured groups (or is no principal at all). */
    public Caller caller(Principal principal) {
        if (principal == null || principal.getName() == null) return null;
        return caller(principal.getName(), principal instanceof JsonWebToken jwt ? jwt.getGroups() : Set.of());
    }

    /**
     * The caller of a request that passed {@link CallerFilter}; refuses (401) a request without one, so a
     * resource reached some other way never runs anonymously.
     */
    public Caller required(SecurityContext security) {
        Caller caller = security == null ? null : caller(security.getUserPrincipal());
        if (caller == null) throw new WorkerFailure(401, RemoteErrorKind.Unauthorized, "a bearer token is needed", 0);
        return caller;
    }

    /** The caller a verified token's name and groups make, or null when none of the groups grants a role. */
    public Caller caller(String name, Collection<String> groups) {
        if (groups == null) return null;
        boolean admin = groups.stream().anyMatch(admins()::contains);
        if (admin) return new Caller(name, true);
        return groups.stream().anyMatch(callers()::contains) ? new Caller(name, false) : null;
    }

    /** The groups that grant each role, as configured; for error messages. */
    public List<String> callerGroupNames() { return List.copyOf(callers()); }

    private Set<String> callers() {
        if (callers == null) callers = split(callerGroups);
        return callers;
    }

    private Set<String> admins() {
        if (admins == null) admins = split(adminGroups);
        return admins;
    }

    private static Set<String> split(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
