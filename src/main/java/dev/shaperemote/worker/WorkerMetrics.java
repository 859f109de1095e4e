package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's own application metrics (MicroProfile Metrics, {@code /metrics?scope=application}):
 * calls by endpoint, outcome and error kind, call latency, and bytes in and out. Gauges of the pool
 * and the caches are registered by their owners.
 *
 * <p>Each counter and timer is looked up once and kept: the registry validates names and tags on every
 * lookup, which showed up in profiles of the load run at several percent of a trivial call.
 */
@ApplicationScoped
public class WorkerMetrics {
    @Inject
    MetricRegistry registry;

    private final ConcurrentHashMap<String, Counter> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();
    private Counter bytesIn;
    private Counter bytesOut;

    @PostConstruct
    void init() {
        bytesIn = registry.counter("shape.bytes.in");
        bytesOut = registry.counter("shape.bytes.out");
    }

    /** A call that ran: {@code kind} is null on success. */
    public void callFinished(String endpoint, RemoteErrorKind kind, Duration elapsed) {
        callFinished(endpoint, kind == null ? null : kind.name(), elapsed);
    }

    /** As {@link #callFinished(String, RemoteErrorKind, Duration)}, for a kind already in its wire form (batch result lines). */
    public void callFinished(String endpoint, String kind, Duration elapsed) {
        count(endpoint, kind == null ? "ok" : "error", kind == null ? "none" : kind);
        durations.computeIfAbsent(endpoint, e -> registry.timer("shape.call.duration", new Tag("endpoint", e))).update(elapsed);
    }

    /** A call refused before it ran (Overloaded, too large, malformed, unauthorized). */
    public void callRefused(String endpoint, RemoteErrorKind kind) { count(endpoint, "refused", kind.name()); }

    private void count(String endpoint, String outcome, String kind) {
        calls.computeIfAbsent(endpoint + '\n' + outcome + '\n' + kind, k -> registry.counter("shape.calls",
                new Tag("endpoint", endpoint), new Tag("outcome", outcome), new Tag("kind", kind))).inc();
    }

    public void bytesIn(long n) { bytesIn.inc(n); }

    public void bytesOut(long n) { bytesOut.inc(n); }
}
