package dev.shaperemote.worker.jms;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static dev.shaperemote.worker.jms.JmsDriver.answer;
import static dev.shaperemote.worker.jms.JmsDriver.call;
import static dev.shaperemote.worker.jms.JmsDriver.receive;
import static dev.shaperemote.worker.jms.JmsDriver.send;
import static dev.shaperemote.worker.jms.JmsDriver.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Persistent delivery: a request the engine accepted is answered after a crash of the server. The listener is
 * paused first, so the request is certainly still on the queue (not half answered) when the JVM is killed; the
 * restarted server's listener starts by itself and answers it. Restarts the shared test server, so it is one test.
 */
class JmsPersistenceIT {
    @Test
    void aRequestAcceptedBeforeACrashIsAnsweredAfterTheRestart() throws Exception {
        String correlation = "crash-" + UUID.randomUUID();
        try {
            assertEquals("paused", ItServer.json(ItServer.post("/api/v1/admin/jms/pause")).fields.get("jms_listener"));
            send(stream(call("fn add(a, b) { a + b }", "add", List.of(20L, 22L))), "none", correlation);
            assertEquals(404, receive("replies", correlation, 1_000).statusCode(), "answered while the listener was paused");
            ItServer.kill();
        } finally {
            ItServer.start(); // the other integration tests need the server, whatever happened here
            JmsDriver.awaitDeployed();
        }
        HttpResponse<byte[]> r = receive("replies", correlation, 60_000);
        assertEquals(200, r.statusCode(), "the request was lost in the crash");
        var response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(r.body()));
        assertEquals(42L, response.value(), response.toString());
    }
}
