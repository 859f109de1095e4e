package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Brings the pool and the caches up when the application starts rather than on the first call, so
 * readiness and the metrics gauges are true from the start.
 */
@ApplicationScoped
public class WorkerStartup {
    private static final Logger LOG = Logger.getLogger(WorkerStartup.class.getName());

    @Inject
    CallRunner runner;
    @Inject
    ConnectionRegistry connections;
    @Inject
    WorkerConfig config;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        boolean up = runner.isUp() && connections.isUp();
        LOG.info("Shape worker " + (up ? "ready" : "NOT ready") + ": pool " + config.poolSize() + ", queue "
                + config.queueSize() + ", call timeout " + config.callTimeout().toMillis() + " ms");
    }
}
