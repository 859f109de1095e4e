package dev.shaperemote.worker;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the frames of one WebSocket session one at a time, in the order they are handed over. A session
 * allows only one outstanding asynchronous send, and answers complete on many pool threads at once;
 * queueing here keeps those threads from blocking on a slow client while they hold a pool slot.
 */
final class WireSender {
    private static final Logger LOG = Logger.getLogger(WireSender.class.getName());

    private final Session session;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean sending;

    WireSender(Session session) { this.session = session; }

    void send(byte[] frame) {
        synchronized (this) {
            if (sending) {
                queue.add(ByteBuffer.wrap(frame));
                return;
            }
            sending = true;
        }
        start(ByteBuffer.wrap(frame));
    }

    private void start(ByteBuffer frame) {
        if (!session.isOpen()) {
            done(null);
            return;
        }
        try {
            session.getAsyncRemote().sendBinary(frame, this::done);
        } catch (RuntimeException e) { // the session closed under us
            LOG.log(Level.FINE, "a WebSocket answer could not be sent", e);
            done(null);
        }
    }

    private void done(SendResult result) {
        if (result != null && !result.isOK()) LOG.log(Level.FINE, "a WebSocket answer was not delivered", result.getException());
        ByteBuffer next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                sending = false;
                return;
            }
        }
        start(next);
    }
}
