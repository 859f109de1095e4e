package dev.shaperemote.vm;

/**
 * Limits for one run. Exhausting any of them ends the run with a ResourceLimit error; none of
 * them lets a program take the JVM down.
 *
 * @param maxInstructions instructions the interpreter may execute
 * @param maxMemoryBytes  estimate of bytes the run's own values may hold (strings, array slots, ...)
 * @param maxCallDepth    nested Shape calls
 * @param maxOutputBytes  bytes {@code print} may write
 */
public record Budgets(long maxInstructions, long maxMemoryBytes, int maxCallDepth, long maxOutputBytes) {
    public static final Budgets DEFAULT = new Budgets(200_000_000L, 256L << 20, 10_000, 1L << 20);

    public static Budgets defaults() { return DEFAULT; }

    public Budgets withInstructions(long n) { return new Budgets(n, maxMemoryBytes, maxCallDepth, maxOutputBytes); }

    public Budgets withMemory(long n) { return new Budgets(maxInstructions, n, maxCallDepth, maxOutputBytes); }

    public Budgets withCallDepth(int n) { return new Budgets(maxInstructions, maxMemoryBytes, n, maxOutputBytes); }

    public Budgets withOutput(long n) { return new Budgets(maxInstructions, maxMemoryBytes, maxCallDepth, n); }
}
