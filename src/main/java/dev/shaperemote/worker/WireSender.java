package dev.shaperemote.worker;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the frames of one WebSocket session one at a time, in the order they are handed over. A session
 * allows only one outstanding asynchronous send, and answers complete on many pool threads at once;
 * queueing here keeps those threads from blocking on a slow client while they hold a pool slot.
 *
 * <p>The queue is bounded ({@link WebSocketLimits}): a client that stops reading its answers while it keeps
 * sending requests would otherwise make the worker hold every answer in memory. When the frames waiting
 * (the one being sent included) would pass the bytes or messages allowed, or one send outlives the send
 * timeout, the session is closed with 1008 (policy violation) and everything that waited is dropped.
 */
final class WireSender {
    private static final Logger LOG = Logger.getLogger(WireSender.class.getName());

    private final Session session;
    private final WebSocketLimits limits;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;
    private long pendingBytes;
    private int pendingMessages;

    WireSender(Session session, WebSocketLimits limits) {
        this.session = session;
        this.limits = limits;
        try {
            session.getAsyncRemote().setSendTimeout(limits.sendTimeout().toMillis());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the WebSocket send timeout could not be set", e);
        }
    }

    void send(byte[] frame) {
        String overLimit;
        synchronized (this) {
            if (closed) return;
            if (pendingMessages + 1 > limits.maxPendingMessages()) {
                overLimit = "more than " + limits.maxPendingMessages() + " answers wait for the client to read them";
            } else if (pendingBytes + frame.length > limits.maxPendingBytes()) {
                overLimit = "more than " + limits.maxPendingBytes() + " bytes of answers wait for the client to read them";
            } else {
                pendingMessages++;
                pendingBytes += frame.length;
                if (sending) {
                    queue.add(ByteBuffer.wrap(frame));
                    return;
                }
                sending = true;
                overLimit = null;
            }
        }
        if (overLimit != null) {
            abandon(overLimit);
            return;
        }
        start(ByteBuffer.wrap(frame));
    }

    /** Frames waiting or being sent now. */
    synchronized int pendingMessages() { return pendingMessages; }

    synchronized long pendingBytes() { return pendingBytes; }

    synchronized boolean isClosed() { return closed; }

    private void start(ByteBuffer frame) {
        if (!session.isOpen()) {
            done(frame.capacity(), null);
            return;
        }
        int size = frame.capacity();
        try {
            session.getAsyncRemote().sendBinary(frame, result -> done(size, result));
        } catch (RuntimeException e) { // the session closed under us
            LOG.log(Level.FINE, "a WebSocket answer could not be sent", e);
            done(size, null);
        }
    }

    private void done(int size, SendResult result) {
        if (result != null && !result.isOK()) {
            LOG.log(Level.FINE, "a WebSocket answer was not delivered", result.getException());
            abandon("an answer could not be delivered within " + limits.sendTimeout().toMillis() + " ms");
            return;
        }
        ByteBuffer next;
        synchronized (this) {
            pendingMessages = Math.max(0, pendingMessages - 1);
            pendingBytes = Math.max(0, pendingBytes - size);
            next = closed ? null : queue.poll();
            if (next == null) {
                sending = false;
                return;
            }
        }
        start(next);
    }

    /** Drops everything waiting and closes the session (off the caller's thread: a close may wait on the network). */
    private void abandon(String why) {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.clear();
            pendingBytes = 0;
            pendingMessages = 0;
        }
        LOG.warning("WebSocket session " + session.getId() + " is closed: " + why);
        // A thread of its own, not a shared pool's: the close frame waits behind the answers the client does not
        // read, and the container may block on it until its own timeout. Rare (one per abandoned session) and short-lived.
        Thread closer = new Thread(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "the client does not read its answers"));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "a WebSocket session could not be closed cleanly", e);
            }
        }, "shape-websocket-close");
        closer.setDaemon(true);
        closer.start();
    }
}
