package dev.shaperemote.worker.jms;

/**
 * How long the listener waits before it hands a failed delivery back to the engine: {@code base} after the
 * first failure, doubling with each further delivery, at most {@link #MAX_MILLIS}. Without it an
 * {@code Overloaded} refusal (pool and queue full) comes back within milliseconds and uses up
 * {@code max-deliveries} long before the pool has room again.
 *
 * <p>Why the listener waits instead of the engine: Liberty's embedded engine has a queue attribute
 * {@code redeliveryInterval}, but it applies only to a queue without an exception destination, and only
 * after {@code maxRedeliveryCount} failed deliveries (the {@code KEEP_TRYING} policy); with the exception
 * destination this worker configures, the engine redelivers a rolled-back message at once.
 */
final class RedeliveryDelay {
    /** The longest wait, whatever the delivery count: the delivery's transaction stays open meanwhile. */
    static final long MAX_MILLIS = 30_000;

    private RedeliveryDelay() {}

    /** The wait after failed delivery {@code delivery} (1 for the first); 0 when {@code base} is 0 or less. */
    static long millis(long base, int delivery) {
        if (base <= 0) return 0;
        int doublings = Math.max(0, Math.min(delivery - 1, 20));
        return Math.min(MAX_MILLIS, base << doublings);
    }
}
