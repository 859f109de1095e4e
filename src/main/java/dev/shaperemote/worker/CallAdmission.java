package dev.shaperemote.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on work the worker accepts: at most {@code pool.size} calls run and at most
 * {@code queue.size} more wait for a slot. A call past both is refused at once with Overloaded, so the
 * queue never grows without bound and a caller never waits to learn it was not accepted.
 *
 * <p>Waiting calls hold no thread: each is a start action that runs when a slot passes to it. A freed slot
 * goes to the callers in turn (round robin over the principals that have calls waiting, first come first
 * served within one), so a caller with many calls queued delays another caller by at most one call each.
 */
@ApplicationScoped
public class CallAdmission {
    @Inject
    WorkerConfig config;
    @Inject
    MetricRegistry metrics;

    private int poolSize;
    private int queueSize;
    private int retryAfterSeconds = 1;
    private int running;
    /** Calls waiting for a slot, by principal, in the order the principals get their turn. */
    private final LinkedHashMap<String, ArrayDeque<Runnable>> waiting = new LinkedHashMap<>();
    private int waitingCount;
    private boolean up;
    /** Set by an operator (admin MBean or REST): refuse new calls while admitted ones finish. */
    private volatile boolean draining;
    /** Wakes threads waiting in {@link #awaitUndrained}; its own lock, so a waiter never holds up admission. */
    private final Object undrained = new Object();
    private final AtomicLong rejected = new AtomicLong();

    CallAdmission() {} // for CDI

    /** An admission of fixed bounds without metrics (for tests). */
    CallAdmission(int poolSize, int queueSize) {
        this.poolSize = poolSize;
        this.queueSize = queueSize;
        this.up = true;
    }

    @PostConstruct
    void init() {
        poolSize = config.poolSize();
        queueSize = config.queueSize();
        retryAfterSeconds = config.retryAfterSeconds();
        metrics.gauge("shape.pool.queue.depth", this, CallAdmission::queueDepth);
        metrics.gauge("shape.pool.running", this, CallAdmission::runningCount);
        up = true;
    }

    /**
     * Runs {@code start} of {@code principal} now if a slot is free, or queues it; throws Overloaded when the queue
     * is full. Whoever is started owns a slot until it calls {@link #release}.
     */
    public void admit(Runnable start, String principal) {
        if (draining) {
            rejected.incrementAndGet();
            throw WorkerFailure.overloaded("the worker is draining: it finishes the calls it holds and takes no new ones; "
                    + "retry later or elsewhere", retryAfterSeconds);
        }
        synchronized (this) {
            if (running >= poolSize) {
                if (waitingCount >= queueSize) {
                    rejected.incrementAndGet();
                    throw WorkerFailure.overloaded("the worker is busy: " + poolSize + " calls running and "
                            + queueSize + " waiting; retry later", retryAfterSeconds);
                }
                waiting.computeIfAbsent(principal, p -> new ArrayDeque<>()).add(start);
                waitingCount++;
                return;
            }
            running++;
        }
        start.run();
    }

    /** Takes a queued start action out of the queue (its call timed out); false when it already started. */
    public synchronized boolean withdraw(Runnable start) {
        for (var it = waiting.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Runnable> calls = it.next();
            if (calls.remove(start)) {
                if (calls.isEmpty()) it.remove();
                waitingCount--;
                return true;
            }
        }
        return false;
    }

    /** Gives a slot back: it passes straight to the next waiting call of the principal whose turn it is, if any. */
    public void release() {
        Runnable next;
        synchronized (this) {
            next = nextInTurn();
            if (next == null) running--;
        }
        if (next != null) next.run();
    }

    /** The oldest call of the first principal in turn; that principal then goes to the back of the line. */
    private Runnable nextInTurn() {
        var first = waiting.entrySet().iterator();
        if (!first.hasNext()) return null;
        var entry = first.next();
        first.remove();
        Runnable next = entry.getValue().poll();
        if (!entry.getValue().isEmpty()) waiting.put(entry.getKey(), entry.getValue());
        waitingCount--;
        return next;
    }

    public synchronized int runningCount() { return running; }

    public synchronized int queueDepth() { return waitingCount; }

    public int poolSize() { return poolSize; }

    /** Calls refused at admission (full, or draining) since the start. */
    public long rejectedCount() { return rejected.get(); }

    /** Stops taking new calls; calls already admitted (running or queued) still finish. */
    public void drain() { draining = true; }

    public void undrain() {
        synchronized (undrained) {
            draining = false;
            undrained.notifyAll();
        }
    }

    public boolean isDraining() { return draining; }

    /**
     * Waits at most {@code timeout} for the worker to stop draining (for work that pauses rather than being
     * refused, such as batch jobs); true when it is not draining.
     */
    public boolean awaitUndrained(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (undrained) {
            for (long left; draining && (left = end - System.nanoTime()) > 0; ) {
                undrained.wait(Math.max(1, left / 1_000_000));
            }
            return !draining;
        }
    }

    /** Whether admission works at all (for readiness). */
    public boolean isUp() { return up; }
}
