package dev.shaperemote.remote;

import dev.shaperemote.wire.WireMessage;

/**
 * One answer message and the error kind it carries (null when it reports no failure), both decided where the
 * answer is made, so whoever counts or retries by kind never reads it back out of the message.
 */
public record Answer(WireMessage message, RemoteErrorKind errorKind) {
    /** An answer that reports no failure. */
    public static Answer of(WireMessage message) { return new Answer(message, null); }
}
