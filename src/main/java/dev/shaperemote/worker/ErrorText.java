package dev.shaperemote.worker;

import java.util.regex.Pattern;

/**
 * The last filter on the message of every refusal the worker answers ({@link WorkerFailure}): whatever
 * slipped through from an exception, an absolute path of the server or a Java class name never reaches a
 * caller. The messages are written not to need it (the detail goes to the log); this is the net under them.
 */
public final class ErrorText {
    /**
     * An absolute path of two or more segments (Unix, or a Windows drive), not inside a word or a URL, and not
     * one of the worker's own resource paths ({@code /api/v1/connections} is advice, not a leak).
     */
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/])(?:[A-Za-z]:\\\\|/)(?!(?:api|ws|health|metrics|openapi)/)"
            + "(?:[\\w.@+-]+[/\\\\])+[\\w.@+-]*");
    /** A qualified class name of the platform, the container or this project (package dot Name, or a package). */
    private static final Pattern CLASS = Pattern.compile("\\b(?:java|javax|jakarta|sun|com\\.sun|com\\.ibm|org\\.apache|"
            + "com\\.fasterxml|com\\.github|org\\.msgpack|dev\\.shaperemote)(?:\\.[\\w$]+)+");

    private ErrorText() {}

    /** {@code message} with absolute paths and class names replaced by neutral words. */
    public static String clean(String message) {
        if (message == null || message.isEmpty()) return "the request was refused";
        String s = PATH.matcher(message).replaceAll("(a path on the server)");
        return CLASS.matcher(s).replaceAll("(internal)");
    }

    /** Whether a runtime exception was thrown by this project's code, so its message was written for callers. */
    public static boolean ours(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("dev.shaperemote.");
    }
}
