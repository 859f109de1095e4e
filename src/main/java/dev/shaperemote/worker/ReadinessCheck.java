package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the call pool takes work, the caches are open and the worker is not draining (so a balancer stops routing to it). */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    CallRunner runner;
    @Inject
    CallAdmission admission;
    @Inject
    ConnectionRegistry connections;

    @Override
    public HealthCheckResponse call() {
        boolean pool = runner.isUp();
        boolean caches = connections.isUp();
        boolean draining = admission.isDraining();
        return HealthCheckResponse.named("shape-worker")
                .status(pool && caches && !draining)
                .withData("pool", pool)
                .withData("caches", caches)
                .withData("draining", draining)
                .withData("running", admission.runningCount())
                .withData("queued", admission.queueDepth())
                .build();
    }
}
