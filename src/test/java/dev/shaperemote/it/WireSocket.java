package dev.shaperemote.it;

import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A WebSocket session on a worker's {@code /ws/v1/wire} with the JDK's client, as a caller holds one: one binary
 * message per frame, every answer frame collected whole in arrival order. The Liberty ITs (shapeIt) and the portable
 * suite (any server, any context root) share it.
 */
public class WireSocket implements WebSocket.Listener {
    public final LinkedBlockingQueue<WireMessage> answers = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private CompletableFuture<WebSocket> lastSend;
    public final WebSocket socket;

    /** A session on {@code base} (the worker's http:// base URL, context root included) as the caller of {@code token}. */
    public WireSocket(HttpClient http, String base, String token) throws Exception {
        String url = base.replaceFirst("^http", "ws") + "/ws/v1/wire";
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(url), this).get(30, TimeUnit.SECONDS);
        lastSend = CompletableFuture.completedFuture(socket);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            answers.add(Frames.decode(partial.toByteArray(), WireLimits.DEFAULT));
            partial.reset();
        }
        ws.request(1);
        return null;
    }

    /** Sends one frame; sends go out one after another, as the JDK client requires. */
    public synchronized void send(byte[] frame) {
        lastSend = lastSend.thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(frame), true));
    }

    public void send(WireMessage m) { send(Frames.encode(m, true)); }

    public WireMessage next() throws InterruptedException {
        WireMessage m = answers.poll(60, TimeUnit.SECONDS);
        assertNotNull(m, "no answer within a minute");
        return m;
    }

    public void close() throws Exception { socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS); }
}
