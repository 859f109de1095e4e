package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.it.WireSocket;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.shaperemote.worker.WorkerWireIT.call;
import static dev.shaperemote.worker.WorkerWireIT.withId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket {@code /ws/v1/wire} on the running server, with the JDK's WebSocket client: one binary message
 * per frame, many calls in flight matched by {@code request_id}. The test server's pool (2) and queue (2)
 * are small, so a call answered Overloaded is sent again after a short pause, as a client would.
 */
class WorkerWebSocketIT {

    /** A session on shapeIt as the default caller. */
    static final class Client extends WireSocket {
        Client() throws Exception { super(ItServer.HTTP, ItServer.URL, TestTokens.CALLER); }
    }

    @Test
    void aMalformedFrameGetsAnErrorAndTheSessionStaysOpen() throws Exception {
        Client c = new Client();
        c.send(new byte[] {0, (byte) 0xc1});
        WireMessage.Error e = assertInstanceOf(WireMessage.Error.class, c.next());
        assertEquals("ProtocolError", e.kind());
        c.send(new byte[] {(byte) 0x80, 1}); // unknown flag bit
        assertEquals("ProtocolError", assertInstanceOf(WireMessage.Error.class, c.next()).kind());
        c.send(new WireMessage.Ping());
        assertInstanceOf(WireMessage.Pong.class, c.next());
        c.close();
    }

    @Test
    void aHundredCallsInFlightAreAllAnsweredAndMatchedByRequestId() throws Exception {
        Client c = new Client();
        // The session is the connection: negotiate, send the blobs once, then call by hash only.
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(WorkerWireIT.PROGRAM, "add");
        c.send(offer);
        assertEquals(List.of(), assertInstanceOf(WireMessage.BlobNegotiationResponse.class, c.next()).knownHashes());
        c.send(withId(call("add", List.of(1L, 1L), List.of()), 0L));
        assertEquals(2L, assertInstanceOf(WireMessage.RemoteCallResponse.class, c.next()).value());
        c.send(offer);
        List<FunctionHash> known = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, c.next()).knownHashes();
        assertEquals(offer.offeredHashes(), known);

        Map<Long, WireMessage.Call> pending = new HashMap<>();
        for (long id = 1; id <= 100; id++) {
            WireMessage.Call warm = withId(call("add", List.of(id, 1000L), known), id);
            assertTrue(warm.request().functionBlobs() == null);
            pending.put(id, warm);
            c.send(warm);
        }
        int overloaded = 0;
        while (!pending.isEmpty()) {
            WireMessage m = c.next();
            if (m instanceof WireMessage.Error e) {
                assertEquals("Overloaded", e.kind(), e.message());
                WireMessage.Call again = pending.get(e.requestId());
                assertNotNull(again, "Overloaded names request " + e.requestId());
                overloaded++;
                Thread.sleep(20);
                c.send(again);
                continue;
            }
            WireMessage.RemoteCallResponse r = assertInstanceOf(WireMessage.RemoteCallResponse.class, m);
            assertTrue(r.isOk(), () -> r.error().message());
            assertNotNull(pending.remove(r.requestId()), "an answer to request " + r.requestId() + " that is not pending");
            assertEquals(r.requestId() + 1000L, r.value());
        }
        System.out.println("WebSocket: 100 calls answered; " + overloaded + " Overloaded answers were retried");
        c.close();
    }
}
