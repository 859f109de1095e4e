package dev.shaperemote.client;

/** A failure a subcommand reports to the user as {@code error[kind]: message}; it carries no stack trace. */
final class CliError extends RuntimeException {
    private final String kind;

    CliError(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    String kind() { return kind; }

    static CliError cannotRead(Object file, Exception cause) {
        return new CliError("IOError", "cannot read " + file + ": " + reason(cause));
    }

    static CliError cannotWrite(Object file, Exception cause) {
        return new CliError("IOError", "cannot write " + file + ": " + reason(cause));
    }

    /** What went wrong, in words: a missing file's exception carries only the path as its message. */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
