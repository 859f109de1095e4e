package dev.shaperemote.vm;

/**
 * A failure of a Shape run, already classified. {@code kind} is the remote error kind it maps to;
 * the message is for people and never holds a Java class name or stack trace. Once the
 * interpreter knows where it happened, {@link #at} adds the function and source line.
 */
public class ShapeError extends RuntimeException {
    public enum Kind { CompileError, RuntimeError, ResourceLimit, Timeout, ArgumentError, FunctionNotFound }

    private final Kind kind;
    private final String function;
    private final int line;

    public ShapeError(Kind kind, String message) { this(kind, message, null, 0); }

    private ShapeError(Kind kind, String message, String function, int line) {
        super(message, null, false, false);
        this.kind = kind;
        this.function = function;
        this.line = line;
    }

    public Kind kind() { return kind; }

    /** Function the error happened in, or null when not known. */
    public String function() { return function; }

    /** Source line the error happened on, 0 when not known. */
    public int line() { return line; }

    public boolean located() { return function != null; }

    /** This error, with the function and line where it happened added to its message. */
    public ShapeError at(String function, int line) {
        String where = "in function '" + function + "'" + (line > 0 ? ", line " + line : "");
        return new ShapeError(kind, getMessage() + " (" + where + ")", function, line);
    }

    public static ShapeError runtime(String message) { return new ShapeError(Kind.RuntimeError, message); }

    public static ShapeError limit(String message) { return new ShapeError(Kind.ResourceLimit, message); }
}
