package dev.shaperemote.worker.admin;

/** The call pool, as {@code dev.shaperemote:type=Pool}. */
public interface PoolMXBean {
    /** Calls that may run at once ({@code shape.worker.pool.size}). */
    int getSize();

    /** Calls running now. */
    int getActive();

    /** Calls waiting for a slot now. */
    int getQueued();

    /** Calls refused at admission (pool and queue full, or draining) since the start. */
    long getRejected();

    /**
     * The longest a call that ran past its deadline kept its thread after the deadline, in milliseconds, since the
     * start: how promptly a cancelled VM stops.
     */
    long getLongestStopMillis();
}
