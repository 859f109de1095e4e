package dev.shaperemote.client;

import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The workers of a fleet that a client talks to (docs/OPERATIONS.md, "Clients of a fleet"): calls take them in
 * turn (round robin), and a call moves to the next worker when one could not have answered it: not reached,
 * connection closed before an answer, or HTTP 502, 503 or 504. A worker that failed so goes last for a cool-down
 * (a few seconds), so calls skip it while another worker is there; after the cool-down it takes its turn again.
 * One call tries each worker at most once a round. Safe for concurrent calls; {@link ShapeRemoteClient},
 * {@link WorkerBatches} and the command line share it.
 */
public final class WorkerPool {
    /** How long a worker that failed goes last, unless a pool is given another. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(5);

    private final List<URI> workers;
    private final long coolDownNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger next = new AtomicInteger();
    /** Workers that failed, to the {@code nanoTime} their cool-down ends. */
    private final Map<URI, Long> coolingUntil = new ConcurrentHashMap<>();

    /** The workers at these base URLs (e.g. {@code http://worker-a:9080}), with the default cool-down. */
    public WorkerPool(List<URI> workers) { this(workers, DEFAULT_COOL_DOWN); }

    public WorkerPool(List<URI> workers, Duration coolDown) { this(workers, coolDown, System::nanoTime); }

    WorkerPool(List<URI> workers, Duration coolDown, LongSupplier nanoTime) {
        LinkedHashSet<URI> roots = new LinkedHashSet<>();
        for (URI w : workers) {
            String root = w.toString();
            roots.add(URI.create(root.endsWith("/") ? root : root + "/"));
        }
        if (roots.isEmpty()) throw new IllegalArgumentException("no worker given");
        this.workers = List.copyOf(roots);
        this.coolDownNanos = coolDown.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The workers' base URLs, each ending in {@code /}, without repeats, in the order given. */
    public List<URI> workers() { return workers; }

    /** The order one call tries the workers in: from the next in turn, those cooling down last (the soonest back first). */
    List<URI> order() {
        int n = workers.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        long now = nanoTime.getAsLong();
        List<URI> ready = new ArrayList<>(n);
        List<URI> cooling = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            URI w = workers.get((start + i) % n);
            Long until = coolingUntil.get(w);
            if (until != null && until - now > 0) cooling.add(w); else ready.add(w);
        }
        cooling.sort(Comparator.comparingLong(w -> coolingUntil.getOrDefault(w, now) - now));
        ready.addAll(cooling);
        return ready;
    }

    /**
     * The answer of the first worker that gives one: {@code attempt} runs on the workers in {@link #order()} until
     * it returns or throws anything but {@link Unavailable}. When every worker was unavailable and some were only
     * busy (a 503 with Retry-After), it waits the shortest Retry-After and goes round again, at most
     * {@code busyRounds} more times; then it fails with a RemoteCallException that names the workers tried (with one
     * worker, that worker's own failure).
     */
    <T> T call(int busyRounds, Function<URI, T> attempt) {
        for (int round = 0; ; round++) {
            List<Unavailable> failures = new ArrayList<>();
            for (URI worker : order()) {
                try {
                    T answer = attempt.apply(worker);
                    coolingUntil.remove(worker);
                    return answer;
                } catch (Unavailable e) {
                    coolingUntil.put(worker, nanoTime.getAsLong() + coolDownNanos);
                    failures.add(e);
                }
            }
            Duration wait = failures.stream().map(Unavailable::retryAfter).filter(d -> d != null)
                    .min(Comparator.naturalOrder()).orElse(null);
            if (wait == null || round >= busyRounds) throw failed(failures);
            WorkerHttp.pause(wait);
        }
    }

    /** The answer of one worker: no other is tried (a batch lives on the worker that accepted it). */
    static <T> T on(URI worker, Function<URI, T> attempt) {
        try {
            return attempt.apply(worker);
        } catch (Unavailable e) {
            throw e.failure();
        }
    }

    private RemoteCallException failed(List<Unavailable> failures) {
        if (workers.size() == 1) return failures.get(failures.size() - 1).failure();
        return new RemoteCallException(RemoteErrorKind.Overloaded, "no worker answered; tried "
                + failures.stream().map(f -> f.worker() + " (" + f.reason() + ")").collect(Collectors.joining(", ")));
    }

    /**
     * A worker that cannot have answered the request: another worker may take it. {@code failure} is what the caller
     * sees when no other worker answers; {@code retryAfter} is set when the worker is only busy (503).
     */
    static final class Unavailable extends RuntimeException {
        private final URI worker;
        private final String reason;
        private final transient RemoteCallException failure;
        private final Duration retryAfter;

        Unavailable(URI worker, String reason, RemoteCallException failure, Duration retryAfter) {
            super(failure.getMessage(), null, false, false);
            this.worker = worker;
            this.reason = reason;
            this.failure = failure;
            this.retryAfter = retryAfter;
        }

        URI worker() { return worker; }

        String reason() { return reason; }

        RemoteCallException failure() { return failure; }

        Duration retryAfter() { return retryAfter; }
    }
}
