package dev.shaperemote.worker;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded send queue of a WebSocket session, over a fake session whose client never reads. */
class WireSenderTest {
    /** A session whose sends never complete unless the test completes them. */
    static final class FakeSession {
        final List<SendHandler> inFlight = new ArrayList<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        long sendTimeout;
        final RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "sendBinary" -> inFlight.add((SendHandler) args[1]);
                        case "setSendTimeout" -> sendTimeout = (Long) args[0];
                        default -> { }
                    }
                    return null;
                });
        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getAsyncRemote" -> async;
                    case "isOpen" -> !closed.isDone();
                    case "getId" -> "s1";
                    case "close" -> {
                        closed.complete(args == null ? null : (CloseReason) args[0]);
                        yield null;
                    }
                    default -> null;
                });
    }

    @Test
    void aClientThatNeverReadsIsClosedAtTheMessageBoundAndItsQueueDropped() throws Exception {
        FakeSession s = new FakeSession();
        WireSender sender = new WireSender(s.session, new WebSocketLimits(1 << 30, 10, 5000));
        assertEquals(5000, s.sendTimeout);
        for (int i = 0; i < 10; i++) sender.send(new byte[100]);
        assertEquals(10, sender.pendingMessages());
        assertEquals(1, s.inFlight.size()); // one send at a time
        assertFalse(sender.isClosed());
        sender.send(new byte[100]);
        assertTrue(sender.isClosed());
        assertEquals(0, sender.pendingMessages());
        assertEquals(0, sender.pendingBytes());
        CloseReason reason = s.closed.get(10, TimeUnit.SECONDS);
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, reason.getCloseCode());
        sender.send(new byte[100]); // after the close: dropped at once
        assertEquals(0, sender.pendingMessages());
    }

    @Test
    void theByteBoundHoldsTooAndAReadingClientIsNeverClosed() throws Exception {
        FakeSession s = new FakeSession();
        WireSender sender = new WireSender(s.session, new WebSocketLimits(1000, 1000, 5000));
        for (int round = 0; round < 50; round++) { // a client that reads: each send completes
            sender.send(new byte[600]);
            s.inFlight.remove(0).onResult(new SendResult());
        }
        assertFalse(sender.isClosed());
        assertEquals(0, sender.pendingBytes());
        sender.send(new byte[600]);
        sender.send(new byte[600]); // 1200 bytes would wait
        assertTrue(sender.isClosed());
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, s.closed.get(10, TimeUnit.SECONDS).getCloseCode());
    }

    @Test
    void aSendThatTimesOutClosesTheSession() throws Exception {
        FakeSession s = new FakeSession();
        WireSender sender = new WireSender(s.session, new WebSocketLimits(1 << 20, 100, 10));
        sender.send(new byte[10]);
        sender.send(new byte[10]);
        s.inFlight.remove(0).onResult(new SendResult(new java.net.SocketTimeoutException("send timed out")));
        assertTrue(sender.isClosed());
        s.closed.get(10, TimeUnit.SECONDS);
        assertTrue(s.inFlight.isEmpty()); // the queued frame was dropped, not sent
    }
}
