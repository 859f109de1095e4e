package dev.shaperemote.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on work the worker accepts: at most {@code pool.size} calls run and at most
 * {@code queue.size} more wait for a slot. A call past both is refused at once with Overloaded, so the
 * queue never grows without bound and a caller never waits to learn it was not accepted.
 */
@ApplicationScoped
public class CallAdmission {
    @Inject
    WorkerConfig config;
    @Inject
    MetricRegistry metrics;

    private Semaphore admitted;
    private Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private int poolSize;

    @PostConstruct
    void init() {
        poolSize = config.poolSize();
        admitted = new Semaphore(poolSize + config.queueSize());
        running = new Semaphore(poolSize, true); // fair: queued calls run in arrival order
        metrics.gauge("shape.pool.queue.depth", waiting, AtomicInteger::get);
        metrics.gauge("shape.pool.running", this, CallAdmission::runningCount);
    }

    /** A place in the pool or its queue; throws Overloaded when there is none. */
    public Permit admit() {
        if (!admitted.tryAcquire()) {
            throw WorkerFailure.overloaded("the worker is busy: " + poolSize + " calls running and "
                    + config.queueSize() + " waiting; retry later", config.retryAfterSeconds());
        }
        return new Permit();
    }

    public int runningCount() { return poolSize - running.availablePermits(); }

    public int queueDepth() { return waiting.get(); }

    /** Whether admission works at all (for readiness). */
    public boolean isUp() { return admitted != null && running != null; }

    /** One admitted call; {@link #close} gives back its places exactly once, from whichever thread ends it. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile boolean hasRunSlot;

        private Permit() {}

        /** Waits in the queue for a run slot, at most {@code nanos}; false when none came in time. */
        public boolean awaitRunSlot(long nanos) throws InterruptedException {
            waiting.incrementAndGet();
            try {
                hasRunSlot = running.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
                return hasRunSlot;
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            if (hasRunSlot) running.release();
            admitted.release();
        }
    }
}
