package dev.shaperemote.lang;

import java.nio.charset.StandardCharsets;

/**
 * What one compile of caller source may use: how large the source may be, and a checkpoint the
 * lexer and parser call every {@link #CHECK_EVERY} tokens, which throws (the caller's own Timeout
 * error, say) when the compile must stop. Nesting is bounded by the parser itself (256 levels).
 *
 * @param maxSourceBytes largest source accepted, in UTF-8 bytes
 * @param checkpoint     called now and then while compiling; throws to stop it
 */
public record CompileLimits(long maxSourceBytes, Runnable checkpoint) {
    /** The default source limit: 1 MiB. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 1L << 20;
    /** Tokens between two checkpoints. */
    static final int CHECK_EVERY = 1 << 12;
    static final Runnable NO_CHECK = () -> { };

    public static final CompileLimits DEFAULT = new CompileLimits(DEFAULT_MAX_SOURCE_BYTES, NO_CHECK);

    public CompileLimits {
        if (maxSourceBytes < 0) throw new IllegalArgumentException("maxSourceBytes must not be negative");
        if (checkpoint == null) checkpoint = NO_CHECK;
    }

    public CompileLimits withMaxSourceBytes(long n) { return new CompileLimits(n, checkpoint); }

    public CompileLimits withCheckpoint(Runnable c) { return new CompileLimits(maxSourceBytes, c); }

    /** Refuses source over the limit, before any of it is lexed. */
    void checkSize(String source) {
        // Counting UTF-8 bytes costs a pass: skip it when even 3 bytes a char would fit (or 1 would not).
        long bytes = source.length() > maxSourceBytes || (long) source.length() * 3 <= maxSourceBytes
                ? source.length() : source.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxSourceBytes) {
            throw new CompileError(1, 1, "the source is " + (source.length() > maxSourceBytes ? "over " + maxSourceBytes : bytes)
                    + " bytes, more than the limit of " + maxSourceBytes + " bytes; split it into smaller programs");
        }
    }
}
