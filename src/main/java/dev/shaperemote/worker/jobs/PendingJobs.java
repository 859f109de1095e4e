package dev.shaperemote.worker.jobs;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepted jobs the call pool has not taken yet (reloaded at start, or refused a slot after they were
 * accepted): tried in the order they came, and while the pool refuses or the worker drains, the first one
 * is tried again after a pause that doubles up to {@link #MAX_PAUSE_MS}. An accepted job waits here; it
 * never fails for want of a slot.
 */
final class PendingJobs {
    static final long FIRST_PAUSE_MS = 100;
    static final long MAX_PAUSE_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(PendingJobs.class.getName());

    /** Runs a task after a delay (the container's scheduled executor; a hand-driven one in tests). */
    @FunctionalInterface
    interface Timer {
        void after(long millis, Runnable task);
    }

    private final Timer timer;
    /** Hands a job id to the pool: false when the pool refused it for now. */
    private final Predicate<String> start;
    /** While true (the worker drains) nothing is handed over. */
    private final BooleanSupplier paused;

    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private boolean scheduled;
    private long pause = FIRST_PAUSE_MS;

    PendingJobs(Timer timer, Predicate<String> start, BooleanSupplier paused) {
        this.timer = timer;
        this.start = start;
        this.paused = paused;
    }

    void add(String id) {
        synchronized (this) {
            waiting.add(id);
            if (scheduled) return;
            scheduled = true;
        }
        timer.after(0, this::run);
    }

    synchronized int size() { return waiting.size(); }

    /** Hands jobs over in order until the pool refuses one or none is left. */
    private void run() {
        while (true) {
            String id;
            synchronized (this) {
                id = waiting.peek();
                if (id == null) {
                    scheduled = false;
                    pause = FIRST_PAUSE_MS;
                    return;
                }
            }
            if (paused.getAsBoolean() || !tryStart(id)) {
                long wait;
                synchronized (this) {
                    wait = pause;
                    pause = Math.min(MAX_PAUSE_MS, pause * 2);
                }
                timer.after(wait, this::run);
                return;
            }
            synchronized (this) {
                waiting.poll();
                pause = FIRST_PAUSE_MS;
            }
        }
    }

    private boolean tryStart(String id) {
        try {
            return start.test(id);
        } catch (RuntimeException e) { // a fault of ours: keep the job and try again later rather than lose it
            LOG.log(Level.SEVERE, "job " + id + " could not be handed to the call pool; it stays queued", e);
            return false;
        }
    }
}
