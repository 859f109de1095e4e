package dev.shaperemote.worker;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the call path holds, as the operator sees it: calls running and waiting (metrics, readiness, the admin
 * MBean), calls refused, and the draining switch. The bound itself is Fault Tolerance's bulkhead
 * ({@link CallExecution}); this class counts what passes through it, refuses new calls while the worker drains,
 * and stops the running calls when the application stops, so a server stop never waits for a runaway program.
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
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<CallSlot<?>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean up;
    /** Set by an operator (admin MBean or REST): refuse new calls while admitted ones finish. */
    private volatile boolean draining;
    /** Wakes threads waiting in {@link #awaitUndrained}; its own lock, so a waiter never holds up admission. */
    private final Object undrained = new Object();
    private final AtomicLong rejected = new AtomicLong();
    /** Stops the running calls when the JVM is told to end (registered while the application runs). */
    private final Thread onTermination = new Thread(this::stopRunning, "shape-worker-stop-calls");
    private final AtomicLong longestStopNanos = new AtomicLong();

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
        Runtime.getRuntime().addShutdownHook(onTermination);
        up = true;
    }

    /** The application stops: running calls are stopped, and the JVM's end no longer needs this bean. */
    @PreDestroy
    void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onTermination);
        } catch (IllegalStateException | IllegalArgumentException endingOrNeverAdded) {
            // the JVM is ending (the hook runs anyway), or this bean never started
        }
        stopRunning();
    }

    /**
     * Every running call is cancelled and its thread interrupted, and no new call is taken, so no program holds a stop
     * up. Runs when the application stops and, through a JVM shutdown hook, as soon as the JVM is told to end
     * (SIGTERM, as orchestrators stop a server): Liberty's quiesce waits up to 30 s for the threads of running calls
     * before it stops any application, so the application's end alone comes too late.
     */
    void stopRunning() {
        up = false;
        running.forEach(CallSlot::stop);
    }

    /** A new call waits for the bulkhead; Overloaded at once while the worker drains. */
    void accept() {
        if (!up) {
            rejected.incrementAndGet();
            throw WorkerFailure.overloaded("the worker is stopping; retry elsewhere or after its restart", retryAfterSeconds);
        }
        if (draining) {
            rejected.incrementAndGet();
            throw WorkerFailure.overloaded("the worker is draining: it finishes the calls it holds and takes no new ones; "
                    + "retry later or elsewhere", retryAfterSeconds);
        }
        waiting.incrementAndGet();
    }

    void started(CallSlot<?> slot) {
        waiting.decrementAndGet();
        running.add(slot);
    }

    void ended(CallSlot<?> slot) { running.remove(slot); }

    /** A call that ran past its deadline gave its thread back {@code nanos} after the deadline. */
    void stoppedAfter(long nanos) { longestStopNanos.accumulateAndGet(nanos, Math::max); }

    /** The longest any call kept its thread past its deadline, since the start. */
    public long longestStopMillis() { return longestStopNanos.get() / 1_000_000; }

    /** A waiting call will not run (its deadline passed, or the bulkhead refused it). */
    void gaveUp() { waiting.decrementAndGet(); }

    /** The bulkhead refused a call: pool and queue are full. */
    WorkerFailure busy() {
        rejected.incrementAndGet();
        return WorkerFailure.overloaded("the worker is busy: " + poolSize + " calls running and " + queueSize
                + " waiting; retry later", retryAfterSeconds);
    }

    public int runningCount() { return running.size(); }

    public int queueDepth() { return Math.max(0, waiting.get()); }

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
