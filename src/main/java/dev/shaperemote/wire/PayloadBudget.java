package dev.shaperemote.wire;

/**
 * What one request stream, one WebSocket message or one JMS message may turn into once its frames are
 * decompressed, all frames together (WIRE.md section 2). Every payload byte is charged: a zstd payload
 * while it is being decompressed (decompression stops at the bytes left, never decompress-then-check), a
 * raw payload by its length. Not thread-safe: one budget belongs to one stream being read.
 */
public final class PayloadBudget {
    private final long limit;
    private final String setting;
    private long used;
    private int frames;

    /**
     * @param limit   payload bytes the whole stream may decompress to
     * @param setting what configures the limit, named in the refusal (a configuration key), or null
     */
    public PayloadBudget(long limit, String setting) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        this.limit = limit;
        this.setting = setting;
    }

    /** Payload bytes the stream may still decompress to. */
    public long remaining() { return limit - used; }

    /** Payload bytes charged so far. */
    public long used() { return used; }

    public long limit() { return limit; }

    /** Charges one frame's payload of {@code bytes}; refused (PayloadTooLarge) when it does not fit. */
    void charge(long bytes) {
        if (bytes > remaining()) throw exceeded(bytes);
        used += bytes;
        frames++;
    }

    /** The refusal of the frame that would pass the limit ({@code atLeast}: what it is known to need, or more). */
    WireException exceeded(long atLeast) {
        String by = setting == null ? "the receiver's decompressed-bytes limit" : setting;
        return WireException.tooLarge("the request decompresses to more than the limit of " + limit
                + " bytes for one stream or message, all frames together (frame " + frames + " needs at least " + atLeast
                + " bytes, " + remaining() + " are left); the limit is set by " + by);
    }
}
