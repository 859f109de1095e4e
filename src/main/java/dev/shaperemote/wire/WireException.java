package dev.shaperemote.wire;

/**
 * A frame, stream or message that does not follow WIRE.md. Its {@link #kind()} is always
 * {@code ProtocolError}; {@link #tooLarge()} marks the PayloadTooLarge class (a size ceiling was
 * hit), which an HTTP binding answers with 413 instead of 400.
 */
public final class WireException extends RuntimeException {
    public static final String KIND = "ProtocolError";

    private final boolean tooLarge;

    public WireException(String message) { this(message, false, null); }

    public WireException(String message, Throwable cause) { this(message, false, cause); }

    private WireException(String message, boolean tooLarge, Throwable cause) {
        // No stack trace: these are expected answers to bad input, built often and never printed as traces.
        super(message, cause, false, false);
        this.tooLarge = tooLarge;
    }

    public static WireException tooLarge(String message) { return new WireException(message, true, null); }

    public static WireException missingKey(String struct, String key) {
        return new WireException(struct + " is missing the required key \"" + key + "\"");
    }

    public String kind() { return KIND; }

    public boolean tooLarge() { return tooLarge; }
}
