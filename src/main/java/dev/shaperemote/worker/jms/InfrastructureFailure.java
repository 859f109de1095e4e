package dev.shaperemote.worker.jms;

/**
 * A request that failed for a reason of the worker rather than the caller's program (the pool is full,
 * the reply cannot be sent): the message is delivered again, and after the last attempt it goes to the
 * exception queue with {@code kind} and the message.
 */
final class InfrastructureFailure extends Exception {
    private final String kind;

    InfrastructureFailure(String kind, String message) {
        super(message, null, false, false); // expected outcomes: the message is what the operator needs
        this.kind = kind;
    }

    String kind() { return kind; }
}
