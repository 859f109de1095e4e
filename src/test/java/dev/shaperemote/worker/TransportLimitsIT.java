package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.shaperemote.it.ItServer.post;
import static dev.shaperemote.it.ItServer.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The transport limits on the running server (docs/SECURITY.md, "Transport limits"): one decompression budget
 * per request stream, the WebSocket Origin check and send queue bound, and error bodies that name no path of the
 * server and no Java class. The test server's stream and decompression ceilings are 16 MiB (pom.xml).
 */
class TransportLimitsIT {
    private static final String KEY = "shape.worker.wire.max-decompressed-bytes";
    private static final String WS = ItServer.URL.replaceFirst("^http", "ws") + "/ws/v1/wire";

    /** A zstd frame of a Ping padded with an unknown key of {@code pad} zeros: a few KB that decompress to {@code pad}. */
    static byte[] paddedPing(int pad, boolean claimSize) throws IOException {
        MessageBufferPacker head = MessagePack.newDefaultBufferPacker();
        head.packMapHeader(1).packString("Ping").packMapHeader(1).packString("pad").packBinaryHeader(pad);
        byte[] prefix = head.toByteArray();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(Frames.FLAG_ZSTD);
        if (claimSize) {
            byte[] payload = new byte[prefix.length + pad];
            System.arraycopy(prefix, 0, payload, 0, prefix.length);
            buf.writeBytes(Zstd.compress(payload, 3));
        } else {
            try (ZstdOutputStream z = new ZstdOutputStream(buf, 3)) {
                z.write(prefix);
                z.write(new byte[pad]);
            }
        }
        return buf.toByteArray();
    }

    static byte[] stream(byte[] frame, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.writeBytes(new byte[] {(byte) (frame.length >>> 24), (byte) (frame.length >>> 16), (byte) (frame.length >>> 8), (byte) frame.length});
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** 20 frames of a few KB that each decompress to 2 MB, 40 MB in all: each alone is under 16 MiB, their sum is not. */
    @Test
    void aStreamWhoseFramesTogetherDecompressPastTheLimitIsRefused() throws Exception {
        for (boolean claim : new boolean[] {true, false}) {
            byte[] frame = paddedPing(2 << 20, claim);
            assertInstanceOf(WireMessage.Pong.class, ItServer.answer(wire(stream(frame, 1), null))); // one alone is fine
            HttpResponse<byte[]> r = wire(stream(frame, 20), null);
            WireMessage.Error e = WorkerWireIT.error(413, "ProtocolError", r);
            assertTrue(e.message().contains(KEY), e.message());
            // 8 frames of a little over 2 MiB pass 16 MiB: refused at the 8th, so the rest was never inflated.
            assertTrue(e.message().contains("frame 7"), e.message());
        }
    }

    @Test
    void aWebSocketHandshakeFromAForeignOriginIsRefusedAndOneWithoutOriginAccepted() throws Exception {
        ExecutionException refused = null;
        try {
            ItServer.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + TestTokens.CALLER).header("Origin", "https://evil.example").connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(WS), new WebSocket.Listener() {}).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            refused = e;
        }
        assertTrue(refused != null && refused.getCause() instanceof WebSocketHandshakeException, "the handshake was not refused");
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        WorkerWebSocketIT.Client c = new WorkerWebSocketIT.Client(); // no Origin: a program, accepted
        c.send(new WireMessage.Ping());
        assertInstanceOf(WireMessage.Pong.class, c.next());
        c.close();
    }

    /**
     * A client that sends requests but never reads an answer: the answers wait in the server's send queue until it
     * passes its bound (1024 messages or 64 MiB by default), then the server closes the session and drops them.
     * Each request is an unknown variant of 48 KB of random letters, answered at once by an Error frame that quotes
     * it, so the answers are large and need no call slot.
     */
    @Test
    void aClientThatNeverReadsIsClosedByTheServer() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        AtomicInteger received = new AtomicInteger();
        WebSocket.Listener lazy = new WebSocket.Listener() {
            @Override public void onOpen(WebSocket ws) { } // no request(): the client reads nothing

            @Override public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                if (last) received.incrementAndGet();
                return null;
            }

            @Override public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }

            @Override public void onError(WebSocket ws, Throwable error) { closed.complete(-1); }
        };
        WebSocket ws = ItServer.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + TestTokens.CALLER).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(WS), lazy).get(30, TimeUnit.SECONDS);
        Random random = new Random(42);
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        int sent = 0;
        try {
            for (; sent < 2000; sent++) {
                StringBuilder variant = new StringBuilder(48 * 1024);
                for (int i = 0; i < 48 * 1024; i++) variant.append(letters.charAt(random.nextInt(letters.length())));
                MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
                p.packMapHeader(1).packString(variant.toString()).packNil();
                byte[] payload = p.toByteArray();
                byte[] frame = new byte[payload.length + 1];
                System.arraycopy(payload, 0, frame, 1, payload.length);
                ws.sendBinary(ByteBuffer.wrap(frame), true).get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // the server closed the session (or stopped reading it) while we were still sending: what this test wants
        }
        Thread.sleep(2000);
        ws.request(Long.MAX_VALUE); // now read: what was in flight, then the end of the session
        Integer status = closed.get(60, TimeUnit.SECONDS);
        assertTrue(status == 1008 || status == 1006 || status == -1, "closed with " + status);
        assertTrue(received.get() < sent, received.get() + " answers of " + sent + " requests were delivered");

        // The server is fine and the next session works.
        WorkerWebSocketIT.Client c = new WorkerWebSocketIT.Client();
        c.send(new WireMessage.Ping());
        assertInstanceOf(WireMessage.Pong.class, c.next());
        c.close();
    }

    /** One message past {@code websocket.max-message-bytes} (64 MiB by default) closes the session with 1009. */
    @Test
    void aWebSocketMessagePastItsLimitClosesTheSession() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = ItServer.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + TestTokens.CALLER).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(WS), new WebSocket.Listener() {
                    @Override public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }

                    @Override public void onError(WebSocket w, Throwable error) { closed.complete(-1); }
                }).get(30, TimeUnit.SECONDS);
        try {
            ws.sendBinary(ByteBuffer.wrap(new byte[(64 << 20) + 1024]), true).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // the server may close while the message is still being sent
        }
        int status = closed.get(60, TimeUnit.SECONDS);
        assertTrue(status == 1009 || status == 1006 || status == -1, "closed with " + status);
    }

    /** Errors provoked on every HTTP binding: no absolute path of the server, no class name, no library text. */
    @Test
    void errorBodiesNameNoServerPathAndNoJavaClass() throws Exception {
        String[] batchBodies = {
                "{\"function\": \"f\", \"source\": \"fn f(x) { x }\", \"input\": \"../../../../../../etc/passwd\"}",
                "{\"function\": \"f\", \"source\": \"fn f(x) { x }\", \"input\": \"/etc/passwd\"}",
                "{\"function\": \"f\", \"source\": \"fn f(x) { x }\", \"input\": \"no/such/file.jsonl\"}",
                "{\"function\": \"f\", \"source_file\": \"../../x.shape\", \"input\": \"x.jsonl\"}",
                "{\"function\": \"f\", \"source\": \"fn f(x) {\", \"input\": \"x.jsonl\"}",
                "{not json", "[1]"};
        for (String body : batchBodies) {
            HttpResponse<String> r = post("/api/v1/batches", "application/json", body.getBytes(StandardCharsets.UTF_8));
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 600, body + " -> " + r.statusCode());
            assertClean(body, r.body());
        }
        for (String path : new String[] {"/api/v1/batches/999999999", "/api/v1/batches/999999999/output", "/api/v1/jobs/nope",
                "/api/v1/batches/abc"}) {
            HttpResponse<String> r = ItServer.get(path);
            assertTrue(r.statusCode() >= 400, path + " -> " + r.statusCode());
            assertClean(path, r.body());
        }
        HttpResponse<String> job = post("/api/v1/jobs", "application/x-shape-wire", new byte[] {0, 0, 0, 3, 0, (byte) 0xc1, 7});
        assertEquals(400, job.statusCode(), job.body());
        assertClean("job", job.body());
        HttpResponse<byte[]> w = wire(new byte[] {0, 0, 0, 4, 1, 1, 2, 3}, null); // zstd flag over garbage
        assertClean("wire", new String(w.body(), StandardCharsets.UTF_8));
        HttpResponse<String> exec = post("/api/v1/execute", "application/json", "{\"code\": [".getBytes(StandardCharsets.UTF_8));
        assertClean("execute", exec.body());
    }

    private static void assertClean(String what, String body) {
        WorkerApiIT.assertNoJavaInternals(body);
        assertFalse(body.matches("(?s).*(jakarta\\.|com\\.ibm\\.|com\\.fasterxml|org\\.msgpack|com\\.github).*"), what + " -> " + body);
        assertFalse(body.matches("(?s).*(?<![\\w.:])/(?!api/)[\\w.-]+/[\\w./-]+.*"), what + " names a path: " + body);
        assertFalse(body.contains("wlp/") || body.contains("shapeIt/"), what + " -> " + body);
    }
}
