package dev.shaperemote.vm;

/**
 * Limits for one run, and how it runs. Exhausting any of the limits ends the run with a ResourceLimit
 * error; none of them lets a program take the JVM down.
 *
 * @param maxInstructions instructions the interpreter may execute
 * @param maxMemoryBytes  estimate of bytes the run's own values may hold (strings, array slots, ...)
 * @param maxCallDepth    nested Shape calls
 * @param maxOutputBytes  bytes {@code print} may write
 * @param jit             whether hot functions are compiled; null: as the JVM's system properties say when the
 *                        interpreter is made ({@link JitSettings#fromSystemProperties}), which is how the CLI sets it
 */
public record Budgets(long maxInstructions, long maxMemoryBytes, int maxCallDepth, long maxOutputBytes, JitSettings jit) {
    public static final Budgets DEFAULT = new Budgets(200_000_000L, 256L << 20, 10_000, 1L << 20);

    /** Limits alone; the JIT as the system properties say. */
    public Budgets(long maxInstructions, long maxMemoryBytes, int maxCallDepth, long maxOutputBytes) {
        this(maxInstructions, maxMemoryBytes, maxCallDepth, maxOutputBytes, null);
    }

    public static Budgets defaults() { return DEFAULT; }

    public Budgets withInstructions(long n) { return new Budgets(n, maxMemoryBytes, maxCallDepth, maxOutputBytes, jit); }

    public Budgets withMemory(long n) { return new Budgets(maxInstructions, n, maxCallDepth, maxOutputBytes, jit); }

    public Budgets withCallDepth(int n) { return new Budgets(maxInstructions, maxMemoryBytes, n, maxOutputBytes, jit); }

    public Budgets withOutput(long n) { return new Budgets(maxInstructions, maxMemoryBytes, maxCallDepth, n, jit); }

    public Budgets withJit(JitSettings s) { return new Budgets(maxInstructions, maxMemoryBytes, maxCallDepth, maxOutputBytes, s); }

    /** The JIT settings a run uses: these budgets' own, else the system properties' as they are now. */
    public JitSettings jitOrSystem() { return jit != null ? jit : JitSettings.fromSystemProperties(); }
}
