package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;

/**
 * The worker's own application metrics (MicroProfile Metrics, {@code /metrics?scope=application}):
 * calls by endpoint, outcome and error kind, call latency, and bytes in and out. Gauges of the pool
 * and the caches are registered by their owners.
 */
@ApplicationScoped
public class WorkerMetrics {
    @Inject
    MetricRegistry registry;

    /** A call that ran: {@code kind} is null on success. */
    public void callFinished(String endpoint, String kind, Duration elapsed) {
        registry.counter("shape.calls", new Tag("endpoint", endpoint), new Tag("outcome", kind == null ? "ok" : "error"),
                new Tag("kind", kind == null ? "none" : kind)).inc();
        registry.timer("shape.call.duration", new Tag("endpoint", endpoint)).update(elapsed);
    }

    /** A call refused before it ran (Overloaded, too large, malformed). */
    public void callRefused(String endpoint, String kind) {
        registry.counter("shape.calls", new Tag("endpoint", endpoint), new Tag("outcome", "refused"),
                new Tag("kind", kind)).inc();
    }

    public void bytesIn(long n) { registry.counter("shape.bytes.in").inc(n); }

    public void bytesOut(long n) { registry.counter("shape.bytes.out").inc(n); }
}
