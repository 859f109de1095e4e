package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * What one WebSocket session may make the worker hold for a client that does not read: answers waiting to be
 * sent (bytes and messages), and how long one send may take. Past any of them the session is closed and what
 * waited is dropped ({@link WireSender}). Defaults in META-INF/microprofile-config.properties.
 */
@ApplicationScoped
public class WebSocketLimits {
    @Inject @ConfigProperty(name = "shape.worker.websocket.max-pending-bytes") long maxPendingBytes;
    @Inject @ConfigProperty(name = "shape.worker.websocket.max-pending-messages") int maxPendingMessages;
    @Inject @ConfigProperty(name = "shape.worker.websocket.send-timeout-ms") long sendTimeoutMs;

    public WebSocketLimits() {} // for CDI

    /** Limits outside the container (tests). */
    public WebSocketLimits(long maxPendingBytes, int maxPendingMessages, long sendTimeoutMs) {
        this.maxPendingBytes = maxPendingBytes;
        this.maxPendingMessages = maxPendingMessages;
        this.sendTimeoutMs = sendTimeoutMs;
    }

    /** Bytes of answers queued or being sent on one session, at most. */
    public long maxPendingBytes() { return Math.max(1, maxPendingBytes); }

    /** Answers queued or being sent on one session, at most. */
    public int maxPendingMessages() { return Math.max(1, maxPendingMessages); }

    /** How long one send may wait for the client to take it. */
    public Duration sendTimeout() { return Duration.ofMillis(Math.max(1, sendTimeoutMs)); }
}
