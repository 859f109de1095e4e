package dev.shaperemote.vm;

/**
 * A failure of a Shape run, already classified. {@code kind} is the remote error kind it maps to
 * (RuntimeError, ResourceLimit, Timeout, CompileError); the message is for people and never holds
 * a Java class name or stack trace.
 */
public class ShapeError extends RuntimeException {
    public enum Kind { CompileError, RuntimeError, ResourceLimit, Timeout, ArgumentError, FunctionNotFound }

    private final Kind kind;

    public ShapeError(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    public static ShapeError runtime(String message) { return new ShapeError(Kind.RuntimeError, message); }

    public static ShapeError limit(String message) { return new ShapeError(Kind.ResourceLimit, message); }
}
