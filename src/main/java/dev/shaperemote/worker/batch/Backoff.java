package dev.shaperemote.worker.batch;

/** Waits that double from a minimum to a ceiling, for retrying work the call pool has no room for yet. */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long next;

    Backoff(long minMillis, long maxMillis) {
        this.minMillis = Math.max(1, minMillis);
        this.maxMillis = Math.max(this.minMillis, maxMillis);
        this.next = this.minMillis;
    }

    /** The next wait: the minimum first, then twice the previous one, never past the ceiling. */
    long next() {
        long wait = next;
        next = Math.min(maxMillis, next * 2);
        return wait;
    }

    /** After a success: the next wait is the minimum again. */
    void reset() { next = minMillis; }
}
