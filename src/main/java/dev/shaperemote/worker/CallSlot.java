package dev.shaperemote.worker;

/**
 * One call's way through the call path: waiting for the bulkhead, running, then done, or given up while it
 * waited (its deadline passed, or the bulkhead refused it). It moves the admission's counts exactly once per
 * step and gives the caller's quota permit back exactly once, at the latest when the call's own work ends
 * (before its answer is sent, so a caller that sends its next call on the answer finds its quota free).
 */
public final class CallSlot<T> {
    private enum State { WAITING, RUNNING, DONE, GIVEN_UP }

    private final CancellableCall<T> call;
    private final Quotas.Permit permit;
    private final CallAdmission admission;
    private State state = State.WAITING;
    private Thread thread;
    /** When the deadline passed while the call ran (System.nanoTime), 0 otherwise. */
    private long timedOutAt;
    private boolean released;

    /** {@code permit} may be null (the worker's own work holds no caller's quota). */
    CallSlot(CancellableCall<T> call, Quotas.Permit permit, CallAdmission admission) {
        this.call = call;
        this.permit = permit;
        this.admission = admission;
    }

    /** Runs the call on the current thread, unless it was given up while it waited (then null, never used). */
    T run() throws Exception {
        synchronized (this) {
            if (state != State.WAITING) return null;
            state = State.RUNNING;
            thread = Thread.currentThread();
        }
        admission.started(this);
        try {
            return call.call();
        } finally {
            long lateBy;
            synchronized (this) {
                state = State.DONE;
                thread = null;
                lateBy = timedOutAt == 0 ? -1 : System.nanoTime() - timedOutAt;
            }
            admission.ended(this);
            if (lateBy >= 0) admission.stoppedAfter(lateBy);
            release();
        }
    }

    /**
     * The deadline passed: a running call is cancelled (its VM stops at its next check), a waiting one never
     * starts. True when it was running.
     */
    boolean timedOut() {
        boolean running;
        synchronized (this) {
            running = state == State.RUNNING;
            if (running) timedOutAt = System.nanoTime();
            if (state == State.WAITING) giveUp();
        }
        if (running) call.cancel();
        release();
        return running;
    }

    /** The bulkhead refused the call, or it never reached it: it will not run. */
    void refused() {
        synchronized (this) {
            if (state == State.WAITING) giveUp();
        }
        release();
    }

    private void giveUp() {
        state = State.GIVEN_UP;
        admission.gaveUp();
    }

    /** Stops a running call from outside (the application is stopping): cancel and interrupt. */
    void stop() {
        Thread running;
        synchronized (this) {
            running = state == State.RUNNING ? thread : null;
        }
        if (running != null) {
            call.cancel();
            running.interrupt();
        }
    }

    /** Gives the caller's quota permit back; later calls do nothing. */
    void release() {
        synchronized (this) {
            if (released) return;
            released = true;
        }
        if (permit != null) permit.close();
    }
}
