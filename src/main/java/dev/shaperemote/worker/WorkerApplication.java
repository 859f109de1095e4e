package dev.shaperemote.worker;

import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The worker's REST API under {@code /api/v1} (the WAR deploys at context root {@code /}).
 *
 * <p>The call pool is defined here rather than in server.xml so the same WAR brings its pool to any
 * Jakarta EE 10 server (Payara included). Its size is left open: {@link CallAdmission} bounds the
 * work from MicroProfile Config, which operators can change without touching server configuration.
 * Calls need only the application's own context (class loader, java:comp); capturing and restoring
 * security and transaction context on every hand-off cost a measurable share of a warm call.
 *
 * <p>{@link LoginConfig} says the same as web.xml's login-config (which wins where both are read, as on
 * Liberty): Payara ignores the MP-JWT auth method in web.xml, falls back to BASIC, and turns MicroProfile
 * JWT on only through this annotation, found on a CDI bean (hence {@link ApplicationScoped}).
 */
@ApplicationPath("/api/v1")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT", realmName = "shape-remote-worker")
@ContextServiceDefinition(name = WorkerApplication.CALL_CONTEXT,
        propagated = ContextServiceDefinition.APPLICATION,
        cleared = ContextServiceDefinition.TRANSACTION,
        unchanged = ContextServiceDefinition.ALL_REMAINING)
@ManagedExecutorDefinition(name = WorkerApplication.CALL_POOL, context = WorkerApplication.CALL_CONTEXT)
@OpenAPIDefinition(info = @Info(title = "Shape Remote Worker", version = "1",
        description = "Runs Shape functions sent by callers on a bounded pool of Shape VMs (WIRE.md section 10)."))
public class WorkerApplication extends Application {
    public static final String CALL_POOL = "java:app/concurrent/shapeCalls";
    public static final String CALL_CONTEXT = "java:app/concurrent/shapeCallContext";
}
