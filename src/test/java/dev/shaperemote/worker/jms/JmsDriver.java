package dev.shaperemote.worker.jms;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JMS side of the test server, reached through the test application's driver ({@code /it/jms},
 * {@code dev.shaperemote.itapp.JmsTestDriver}, deployed only to the shapeIt server, never part of the worker's WAR):
 * the tests' messages really go through the embedded engine's queues and the worker's JMS listener.
 */
final class JmsDriver {
    static final String DRIVER = ItServer.URL + "/it/jms";

    private JmsDriver() {}

    /** A request stream holding one message. */
    static byte[] stream(WireMessage request) { return WireStreamWriter.toBytes(List.of(request), true); }

    /** The one message of a response stream. */
    static WireMessage answer(byte[] stream) {
        List<WireMessage> messages = WireStreamReader.readAll(stream, WireLimits.DEFAULT);
        assertEquals(1, messages.size(), messages.toString());
        return messages.get(0);
    }

    /** A Call of {@code function} in {@code source}, carrying all its blobs. */
    static WireMessage.Call call(String source, String function, List<Object> arguments) {
        Program program = ShapeCompiler.compile(source);
        return new WireMessage.Call(RemoteCalls.buildCallRequest(program, function, arguments));
    }

    /** Through ShapeJmsClient in the server: a temporary reply queue and correlation by message id. */
    static HttpResponse<byte[]> jmsCall(byte[] stream, String connection) throws IOException, InterruptedException {
        return post("/call" + (connection == null ? "" : "?connection=" + connection), stream);
    }

    /** A raw request on the request queue; answers its JMSMessageID. */
    static String send(byte[] stream, String replyTo, String correlation) throws IOException, InterruptedException {
        return send(stream, replyTo, correlation, null);
    }

    /** As {@link #send(byte[], String, String)}, with {@code bearer} as the message's token ("none": no token). */
    static String send(byte[] stream, String replyTo, String correlation, String bearer) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder("/send?replyTo=").append(enc(replyTo));
        if (bearer != null) q.append("&bearer=").append(enc(bearer));
        if (correlation != null) q.append("&correlation=").append(enc(correlation));
        HttpResponse<byte[]> r = post(q.toString(), stream);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The message with {@code correlation} from the reply or the exception queue; 404 when none came in time. */
    static HttpResponse<byte[]> receive(String queue, String correlation, long timeoutMs) throws IOException, InterruptedException {
        return ItServer.HTTP.send(TestTokens.request(URI.create(DRIVER + "/receive?queue=" + queue + "&correlation=" + enc(correlation)
                        + "&timeoutMs=" + timeoutMs)).timeout(Duration.ofMillis(timeoutMs + 30_000)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String path, byte[] body) throws IOException, InterruptedException {
        return ItServer.HTTP.send(TestTokens.request(URI.create(path.startsWith("/api") ? ItServer.URL + path : DRIVER + path))
                        .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits until the test application is deployed again after a restart: its 400 (no correlation given), not a 404. */
    static void awaitDeployed() throws InterruptedException {
        ItServer.await("the test application's JMS driver", Duration.ofSeconds(120), () -> {
            try {
                return ItServer.HTTP.send(TestTokens.request(URI.create(DRIVER + "/receive")).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 400;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        });
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
