package dev.shaperemote.wire;

/**
 * Ceilings a receiver enforces before it allocates anything (WIRE.md section 2).
 *
 * @param maxDepth        deepest nesting of values (and plain data) that is encoded or decoded
 * @param maxFrameBytes   largest frame as it arrives (compressed size; also the largest stream length prefix)
 * @param maxPayloadBytes payload bytes after decompression of one stream or one message, all its frames
 *                        together ({@link PayloadBudget}); so also the largest payload of one frame
 * @param payloadSetting  what configures {@code maxPayloadBytes} (a configuration key), named when it is
 *                        crossed; null when there is nothing to name
 */
public record WireLimits(int maxDepth, long maxFrameBytes, long maxPayloadBytes, String payloadSetting) {
    public static final int DEFAULT_MAX_DEPTH = 128;
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    /** A Java array cannot hold more than this. */
    public static final long HARD_MAX_BYTES = Integer.MAX_VALUE - 8;

    public static final WireLimits DEFAULT = new WireLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES);

    public WireLimits(int maxDepth, long maxFrameBytes, long maxPayloadBytes) {
        this(maxDepth, maxFrameBytes, maxPayloadBytes, null);
    }

    public WireLimits {
        if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be at least 1");
        if (maxFrameBytes < 1 || maxFrameBytes > HARD_MAX_BYTES) throw new IllegalArgumentException("maxFrameBytes out of range");
        if (maxPayloadBytes < 1 || maxPayloadBytes > HARD_MAX_BYTES) throw new IllegalArgumentException("maxPayloadBytes out of range");
    }

    public WireLimits withMaxDepth(int depth) { return new WireLimits(depth, maxFrameBytes, maxPayloadBytes, payloadSetting); }

    public WireLimits withMaxBytes(long frame, long payload) { return new WireLimits(maxDepth, frame, payload, payloadSetting); }

    /** A fresh decompression budget for one stream or message. */
    public PayloadBudget newBudget() { return new PayloadBudget(maxPayloadBytes, payloadSetting); }
}
