package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;

/**
 * A request the worker refuses at the protocol level (WIRE.md section 10): an HTTP status, the error
 * kind and a message for people. {@link WorkerFailureMapper} turns it into an {@code Error} body.
 */
public final class WorkerFailure extends RuntimeException {
    private final int status;
    private final RemoteErrorKind kind;
    private final int retryAfterSeconds;

    public WorkerFailure(int status, RemoteErrorKind kind, String message, int retryAfterSeconds) {
        super(ErrorText.clean(message), null, false, false); // no stack trace: expected outcomes, not bugs; no path or class name
        this.status = status;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static WorkerFailure overloaded(String message, int retryAfterSeconds) {
        return new WorkerFailure(503, RemoteErrorKind.Overloaded, message, retryAfterSeconds);
    }

    public static WorkerFailure tooLarge(long limit) {
        return new WorkerFailure(413, RemoteErrorKind.ProtocolError,
                "the request body is larger than the limit of " + limit + " bytes", 0);
    }

    public static WorkerFailure protocol(String message) {
        return new WorkerFailure(400, RemoteErrorKind.ProtocolError, message, 0);
    }

    public static WorkerFailure notFound(String message) {
        return new WorkerFailure(404, RemoteErrorKind.ProtocolError, message, 0);
    }

    public int status() { return status; }

    public RemoteErrorKind kind() { return kind; }

    /** Seconds a client should wait before retrying; 0 when the header does not apply. */
    public int retryAfterSeconds() { return retryAfterSeconds; }
}
