package dev.shaperemote.wire;

/**
 * A frame, stream or message that does not follow WIRE.md. Its {@link #kind()} is always
 * {@code ProtocolError}; {@link #reason()} says which class of failure it is, so a caller picks its
 * answer from the enum, never from the text: {@link Reason#TOO_LARGE} (a size ceiling was hit), which an
 * HTTP binding answers with 413 instead of 400, and the two ways a value cannot be encoded.
 */
public final class WireException extends RuntimeException {
    public static final String KIND = "ProtocolError";

    public enum Reason {
        /** Input that does not follow WIRE.md. */
        MALFORMED,
        /** A size ceiling was passed (the PayloadTooLarge class). */
        TOO_LARGE,
        /** A value nested deeper than the encoder's ceiling. */
        TOO_DEEP_TO_ENCODE,
        /** A value of a kind that has no wire form. */
        NO_WIRE_FORM
    }

    private final Reason reason;

    public WireException(String message) { this(message, Reason.MALFORMED, null); }

    public WireException(String message, Throwable cause) { this(message, Reason.MALFORMED, cause); }

    private WireException(String message, Reason reason, Throwable cause) {
        // No stack trace: these are expected answers to bad input, built often and never printed as traces.
        super(message, cause, false, false);
        this.reason = reason;
    }

    public static WireException tooLarge(String message) { return new WireException(message, Reason.TOO_LARGE, null); }

    static WireException unencodable(Reason reason, String message) { return new WireException(message, reason, null); }

    public static WireException missingKey(String struct, String key) {
        return new WireException(struct + " is missing the required key \"" + key + "\"");
    }

    public String kind() { return KIND; }

    public Reason reason() { return reason; }

    public boolean tooLarge() { return reason == Reason.TOO_LARGE; }
}
