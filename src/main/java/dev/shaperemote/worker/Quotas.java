package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one principal may hold at once: calls in flight, WebSocket sessions, unfinished jobs. A caller at a
 * quota is refused (429, Overloaded, Retry-After) while every other caller goes on: the worker's own bounds
 * (pool, queue, connections) are shared, these keep any one caller to its share of them. Connections,
 * running batches and batch bytes are counted where they live (ConnectionRegistry, BatchesResource) against
 * the limits this class also holds.
 */
@ApplicationScoped
public class Quotas {
    /** The kinds of holding that have a limit per principal. */
    public enum Kind {
        CONNECTIONS("open connections", "shape.worker.quota.connections"),
        CALLS("calls in flight", "shape.worker.quota.calls-in-flight"),
        JOBS("unfinished jobs", "shape.worker.quota.jobs"),
        BATCHES("running batches", "shape.worker.quota.batches"),
        BATCH_BYTES("bytes of batch files on disk", "shape.worker.quota.batch-bytes"),
        WEBSOCKETS("WebSocket sessions", "shape.worker.quota.websocket-sessions");

        final String what;
        final String key;

        Kind(String what, String key) {
            this.what = what;
            this.key = key;
        }
    }

    @Inject @ConfigProperty(name = "shape.worker.quota.connections") long connections;
    @Inject @ConfigProperty(name = "shape.worker.quota.calls-in-flight") long calls;
    @Inject @ConfigProperty(name = "shape.worker.quota.jobs") long jobs;
    @Inject @ConfigProperty(name = "shape.worker.quota.batches") long batches;
    @Inject @ConfigProperty(name = "shape.worker.quota.batch-bytes") long batchBytes;
    @Inject @ConfigProperty(name = "shape.worker.quota.websocket-sessions") long websockets;
    @Inject WorkerConfig config;
    @Inject ConnectionRegistry registry;

    private final Map<Kind, Map<String, AtomicInteger>> held = new ConcurrentHashMap<>();

    /** One unit of {@code kind} held by a principal until closed (closing twice gives back one unit). */
    public interface Permit extends AutoCloseable {
        @Override void close();
    }

    public long limit(Kind kind) {
        return switch (kind) {
            case CONNECTIONS -> connections;
            case CALLS -> calls;
            case JOBS -> jobs;
            case BATCHES -> batches;
            case BATCH_BYTES -> batchBytes;
            case WEBSOCKETS -> websockets;
        };
    }

    /**
     * What this worker lets one caller hold of {@code kind}. Calls in flight and WebSocket sessions run on whichever
     * worker of a fleet a client picks, so each of N workers allows its part of the quota, {@code quota / N} (at
     * least 1): the fleet together never more than the quota, without asking the network per call. Connections count
     * the fleet's own (ConnectionRegistry); jobs and batches live on the worker that took them.
     */
    public long share(Kind kind) {
        long limit = limit(kind);
        int members = kind == Kind.CALLS || kind == Kind.WEBSOCKETS ? registry.members() : 1;
        return members <= 1 ? limit : Math.max(1, limit / members);
    }

    /** Takes one unit of {@code kind} for {@code principal}, or refuses when it already holds its share of the quota. */
    public Permit take(String principal, Kind kind) {
        AtomicInteger count = held.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(principal, p -> new AtomicInteger());
        long share = share(kind);
        if (count.incrementAndGet() > share) {
            count.decrementAndGet();
            throw share < limit(kind) ? overShare(kind, share) : over(kind);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) count.decrementAndGet();
        };
    }

    /** Refuses when {@code amount} already counted elsewhere is at the quota of {@code kind}. */
    public void check(Kind kind, long amount) {
        if (amount >= limit(kind)) throw over(kind);
    }

    /** The units of {@code kind} a principal holds now (for tests and the admin view). */
    public int held(String principal, Kind kind) {
        AtomicInteger n = held.getOrDefault(kind, Map.of()).get(principal);
        return n == null ? 0 : n.get();
    }

    private WorkerFailure overShare(Kind kind, long share) {
        return new WorkerFailure(429, RemoteErrorKind.Overloaded, "this caller holds " + share + " " + kind.what
                + " on this worker, its share of the quota of " + limit(kind) + " (" + kind.key + ") across a fleet of "
                + registry.members() + " workers; finish some, or send to another worker, and retry", config.retryAfterSeconds());
    }

    private WorkerFailure over(Kind kind) {
        RemoteErrorKind errorKind = kind == Kind.BATCH_BYTES ? RemoteErrorKind.ResourceLimit : RemoteErrorKind.Overloaded;
        return new WorkerFailure(429, errorKind, "this caller holds its quota of " + limit(kind) + " " + kind.what
                + " (" + kind.key + "); finish or close some and retry", config.retryAfterSeconds());
    }
}
