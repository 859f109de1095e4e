package dev.shaperemote.worker.jms;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.shaperemote.worker.jms.JmsDriver.answer;
import static dev.shaperemote.worker.jms.JmsDriver.call;
import static dev.shaperemote.worker.jms.JmsDriver.jmsCall;
import static dev.shaperemote.worker.jms.JmsDriver.receive;
import static dev.shaperemote.worker.jms.JmsDriver.send;
import static dev.shaperemote.worker.jms.JmsDriver.stream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls over Jakarta Messaging: round trips, correlation, connection caches, and poison messages. */
class JmsMessagingIT {
    static final String ADD = "fn add(a, b) { a + b }";

    @Test
    void aCallThroughShapeJmsClientComesBackOnItsTemporaryQueue() throws Exception {
        HttpResponse<byte[]> r = jmsCall(stream(call(ADD, "add", List.of(2L, 3L))), null);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        var response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(r.body()));
        assertTrue(response.isOk(), response.toString());
        assertEquals(5L, response.value());
    }

    @Test
    void theMessagingEngineLetsInOnlyAuthenticatedUsers() throws Exception {
        byte[] ping = stream(new WireMessage.Ping());
        String[] admin = TestTokens.adminLogin();
        assertEquals("refused", login(ping, "nobody", "guess"), "a user the registry does not know");
        assertEquals("refused", login(ping, admin[0], "shapeadmin"), "the administrator with a wrong password");
        assertEquals("sent", login(ping, admin[0], admin[1]), "a user the registry knows, in a role that may send");
    }

    private static String login(byte[] stream, String user, String password) throws Exception {
        HttpResponse<byte[]> r = JmsDriver.post("/login?user=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8), stream);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aRequestRunsOnlyWithAValidBearerTokenOfItsSender() throws Exception {
        Program add = ShapeCompiler.compile("fn add(a, b) { a + b }");
        byte[] request = stream(new WireMessage.Call(RemoteCalls.buildCallRequest(add, "add", List.of(2L, 3L))));
        for (String bearer : List.of("none", "not.a.token", TestTokens.mint("it-nobody", List.of("other-group")))) {
            String correlation = "auth-" + UUID.randomUUID();
            JmsDriver.send(request, "none", correlation, bearer);
            HttpResponse<byte[]> reply = receive("replies", correlation, 20_000);
            assertEquals(200, reply.statusCode(), "an answer, not a redelivery, for bearer " + bearer);
            assertEquals("Unauthorized", assertInstanceOf(WireMessage.Error.class, answer(reply.body())).kind(), bearer);
        }
        String correlation = "auth-" + UUID.randomUUID();
        JmsDriver.send(request, "none", correlation, TestTokens.caller("it-jms-sender"));
        HttpResponse<byte[]> ok = receive("replies", correlation, 20_000);
        assertEquals(5L, assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(ok.body())).value());
    }

    @Test
    void theAnswerCarriesTheRequestsCorrelationIdOrElseItsMessageId() throws Exception {
        String correlation = "corr-" + UUID.randomUUID();
        send(stream(new WireMessage.Ping()), "none", correlation); // no JMSReplyTo: the default reply queue
        HttpResponse<byte[]> byCorrelation = receive("replies", correlation, 20_000);
        assertEquals(200, byCorrelation.statusCode());
        assertEquals(correlation, byCorrelation.headers().firstValue("Shape-Correlation").orElseThrow());
        assertInstanceOf(WireMessage.Pong.class, answer(byCorrelation.body()));

        String messageId = send(stream(new WireMessage.Ping()), "ShapeReplies", null);
        HttpResponse<byte[]> byMessageId = receive("replies", messageId, 20_000);
        assertEquals(200, byMessageId.statusCode());
        assertInstanceOf(WireMessage.Pong.class, answer(byMessageId.body()));
    }

    @Test
    void aFailingProgramIsAnErrAnsweredOnceNotARedelivery() throws Exception {
        String correlation = "user-failure-" + UUID.randomUUID();
        send(stream(call("fn div(a, b) { a / b }", "div", List.of(1L, 0L))), "none", correlation);
        HttpResponse<byte[]> r = receive("replies", correlation, 20_000);
        assertEquals(200, r.statusCode());
        var response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(r.body()));
        assertEquals("RuntimeError", response.error().kind(), response.toString());
        assertEquals(404, receive("replies", correlation, 1_500).statusCode(), "answered more than once");
        assertEquals(404, receive("exceptions", correlation, 500).statusCode(), "a user's failure reached the exception queue");
    }

    @Test
    void garbageIsAProtocolErrorAnswerNotAPoisonMessage() throws Exception {
        String correlation = "garbage-" + UUID.randomUUID();
        send("not a request stream".getBytes(StandardCharsets.UTF_8), "none", correlation);
        HttpResponse<byte[]> r = receive("replies", correlation, 20_000);
        assertEquals(200, r.statusCode());
        assertEquals("ProtocolError", assertInstanceOf(WireMessage.Error.class, answer(r.body())).kind());
    }

    /**
     * A connection is its owner's (docs/SECURITY.md): JMS requests run as the user the engine names in JMSXUserID,
     * here none, so as the principal {@code jms}. That principal's connection, made over HTTP, serves JMS calls too;
     * the default caller's does not.
     */
    @Test
    void aConnectionTokenSharesItsBlobCacheWithHttp() throws Exception {
        // The driver's JMS requests carry the test's own bearer token (TestTokens.CALLER): they run as that caller.
        assertEquals("Unauthorized", assertInstanceOf(WireMessage.Error.class,
                answer(jmsCall(stream(new WireMessage.Ping()), connection(TestTokens.caller("it-someone-else"))).body())).kind(),
                "another principal's connection served a JMS request");
        String token = connection(TestTokens.CALLER);

        String source = "fn twice(x) { x * 2 }";
        HttpResponse<byte[]> cold = jmsCall(stream(call(source, "twice", List.of(21L))), token);
        assertEquals(42L, assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(cold.body()), () -> answer(cold.body()).toString()).value());

        // The cold call left its blob in the connection's cache: negotiation over JMS now finds it.
        Program program = ShapeCompiler.compile(source);
        var negotiation = RemoteCalls.negotiationFor(program, "twice");
        var known = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(jmsCall(stream(negotiation), token).body()));
        assertEquals(negotiation.offeredHashes(), known.knownHashes());
        // Without the token the same question meets an empty one-shot cache.
        var unknown = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(jmsCall(stream(negotiation), null).body()));
        assertEquals(List.of(), unknown.knownHashes());
    }

    /** A new connection token from {@code POST /api/v1/connections}, made with {@code bearer}. */
    private static String connection(String bearer) throws Exception {
        HttpResponse<String> created = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(ItServer.URL + "/api/v1/connections"))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return (String) assertInstanceOf(ObjectValue.class, JsonValues.parse(created.body())).fields.get("token");
    }

    @Test
    void aMessageWhoseAnswerCannotBeSentEndsOnTheExceptionQueueWithItsError() throws Exception {
        String correlation = "poison-" + UUID.randomUUID();
        byte[] request = stream(new WireMessage.Ping());
        send(request, "NoSuchQueue", correlation); // every delivery fails to reply: an infrastructure failure
        HttpResponse<byte[]> r = receive("exceptions", correlation, 60_000);
        assertEquals(200, r.statusCode(), "not on the exception queue");
        assertEquals("ReplyFailed", r.headers().firstValue("Shape-Error-Kind").orElseThrow());
        String error = r.headers().firstValue("Shape-Error").orElseThrow();
        assertTrue(error.startsWith("ReplyFailed: the answer could not be sent") && error.contains("NoSuchQueue"), error);
        assertEquals("3", r.headers().firstValue("Shape-Delivery-Count").orElseThrow(), "delivered as often as the limit allows");
        assertArrayEquals(request, r.body(), "the request itself is kept for replay");
    }
}
