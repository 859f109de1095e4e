package dev.shaperemote.vm;

/**
 * The one builder the VM makes text with ({@code print}, {@code str}, f-strings, {@code join},
 * concatenation, formatting of nested values): it charges the run's memory budget as it grows, looks
 * at the cancel flag, and refuses to grow past its limit. So a value that would print to terabytes is
 * stopped at the limit, never built whole first.
 */
public final class TextBuilder {
    /** Characters between two charges (and cancel checks): coarse, so each append stays cheap. */
    private static final int CHUNK = 1 << 14;
    /** A Java string cannot be longer. */
    public static final long MAX_CHARS = Integer.MAX_VALUE - 16;

    private final StringBuilder sb = new StringBuilder();
    private final CallContext ctx;
    private final long maxChars;
    private final String limitMessage;
    /** Characters charged to {@code ctx} so far (as held memory). */
    private long held;

    private TextBuilder(CallContext ctx, long maxChars, String limitMessage) {
        this.ctx = ctx;
        this.maxChars = Math.max(0, Math.min(maxChars, MAX_CHARS));
        this.limitMessage = limitMessage;
    }

    /** Text for a value of the run: charged to its memory budget, at most {@code maxChars} long. */
    public static TextBuilder metered(CallContext ctx, long maxChars, String limitMessage) {
        return new TextBuilder(ctx, maxChars, limitMessage);
    }

    /** A string value of the run, bounded only by its memory budget. */
    public static TextBuilder string(CallContext ctx) {
        return new TextBuilder(ctx, MAX_CHARS, "a string cannot be longer than " + MAX_CHARS + " characters");
    }

    /** Text outside any run (Java's toString, error messages): at most {@code maxChars} long, charged nowhere. */
    public static TextBuilder unmetered(long maxChars) {
        return new TextBuilder(null, maxChars, "text longer than " + maxChars + " characters");
    }

    public TextBuilder append(String s) {
        sb.append(s);
        if (sb.length() - held >= CHUNK || sb.length() > maxChars) grew();
        return this;
    }

    public TextBuilder append(char c) {
        sb.append(c);
        if (sb.length() - held >= CHUNK || sb.length() > maxChars) grew();
        return this;
    }

    public TextBuilder append(long v) { return append(Long.toString(v)); }

    public int length() { return sb.length(); }

    /** What was built so far (for clipping after the limit was hit). */
    String partial() { return sb.toString(); }

    /** The text; the builder's hold on the memory budget ends, the string is now a value of the run. */
    public String finish() {
        String s = sb.toString();
        release();
        return s;
    }

    /** Ends the hold without a result (the build failed); safe to call twice. */
    public void release() {
        if (ctx != null && held > 0) ctx.releaseMemory(2 * held);
        held = 0;
    }

    private void grew() {
        int n = sb.length();
        if (n > maxChars) {
            release();
            throw ShapeError.limit(limitMessage);
        }
        if (ctx == null) {
            held = n;
            return;
        }
        try {
            ctx.holdMemory(2L * (n - held)); // 2 bytes a char, as every string is charged
            held = n;
            ctx.checkCancelled();
        } catch (ShapeError e) {
            release();
            if (e.kind() != ShapeError.Kind.ResourceLimit) throw e;
            throw ShapeError.limit(e.getMessage() + " while building a string of " + n
                    + " characters; print or return a smaller value (or a part of it)");
        }
    }
}
