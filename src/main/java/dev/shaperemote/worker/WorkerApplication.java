package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The worker's REST API under {@code /api/v1} (the WAR deploys at context root {@code /}).
 *
 * <p>Calls run on MicroProfile Fault Tolerance's asynchronous executor, bounded by its bulkhead
 * ({@link CallExecution}), so the WAR defines no executor of its own and brings its call path to any server
 * with Fault Tolerance.
 *
 * <p>{@link LoginConfig} says the same as web.xml's login-config (which wins where both are read, as on
 * Liberty): Payara ignores the MP-JWT auth method in web.xml, falls back to BASIC, and turns MicroProfile
 * JWT on only through this annotation, found on a CDI bean (hence {@link ApplicationScoped}).
 */
@ApplicationPath("/api/v1")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT", realmName = "shape-remote-worker")
@OpenAPIDefinition(info = @Info(title = "Shape Remote Worker", version = "1",
        description = "Runs Shape functions sent by callers on a bounded pool of Shape VMs (WIRE.md section 10)."))
public class WorkerApplication extends Application {
}
