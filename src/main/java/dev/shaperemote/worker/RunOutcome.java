package dev.shaperemote.worker;

/**
 * How one run of Shape source ended. On success {@code errorKind} is null; otherwise it names the kind
 * ({@code CompileError} or a {@code RemoteErrorKind}) and {@code line}/{@code column} are 0 when unknown.
 */
public record RunOutcome(Object value, String stdout, String errorKind, String message, int line, int column,
                         long instructions, long wallMicros, long memoryPeak) {
    public boolean ok() { return errorKind == null; }

    static RunOutcome timedOut(String message, long wallMicros) {
        return new RunOutcome(null, "", "Timeout", message, 0, 0, 0, wallMicros, 0);
    }
}
