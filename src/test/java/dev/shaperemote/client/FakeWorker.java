package dev.shaperemote.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shaperemote.wire.RemoteCallError;
import dev.shaperemote.wire.WireHttp;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in worker on 127.0.0.1 for the clients' unit tests: it opens connections, answers a call with the sum of
 * its integer arguments (or as scripted), keeps one batch, and records what it was sent.
 */
final class FakeWorker implements AutoCloseable {
    /** One answer to a wire request; {@code requestId} is the Call's. */
    @FunctionalInterface
    interface Reply { void send(HttpExchange exchange, Long requestId, List<Object> arguments) throws IOException; }

    static final Reply SUM = (ex, id, args) -> wire(ex, new WireMessage.RemoteCallResponse(
            args.stream().mapToLong(a -> (Long) a).sum(), null, id, null));

    /** Hangs up before answering: the connection closes with no response. */
    static final Reply HANG_UP = (ex, id, args) -> { throw new IOException("hung up"); };

    /** The call ran and failed: its own error, in a 200 answer. */
    static Reply callError(String kind) {
        return (ex, id, args) -> wire(ex, new WireMessage.RemoteCallResponse(null, new RemoteCallError("it failed", kind, null), id, null));
    }

    /** A refusal with an Error body and, when not null, a Retry-After. */
    static Reply status(int code, String kind, String retryAfter) {
        return (ex, id, args) -> {
            if (retryAfter != null) ex.getResponseHeaders().add("Retry-After", retryAfter);
            send(ex, code, "application/json", ("{\"kind\":\"" + kind + "\",\"message\":\"refused " + code + "\"}").getBytes(StandardCharsets.UTF_8));
        };
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Answers to the next wire requests, in order; then {@link #otherwise}. */
    final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    volatile Reply otherwise = SUM;
    /** The request_id of each Call received, in order. */
    final List<Long> requestIds = Collections.synchronizedList(new ArrayList<>());
    /** The Shape-Connection header of each wire request. */
    final List<String> connections = Collections.synchronizedList(new ArrayList<>());
    /** Method and path of each batch request. */
    final List<String> batchRequests = Collections.synchronizedList(new ArrayList<>());
    volatile int batchStatus = 201;

    FakeWorker() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/connections", ex -> {
            ex.getRequestBody().readAllBytes();
            if (ex.getRequestMethod().equals("DELETE")) send(ex, 204, null, null);
            else send(ex, 201, "application/json", "{\"token\":\"fleet-token\",\"expires_at\":\"2100-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/api/v1/wire", ex -> {
            List<WireMessage> request = WireStreamReader.readAll(ex.getRequestBody().readAllBytes(), WireLimits.DEFAULT);
            WireMessage.Call call = (WireMessage.Call) request.get(request.size() - 1);
            requestIds.add(call.request().requestId());
            connections.add(ex.getRequestHeaders().getFirst(WireHttp.CONNECTION_HEADER));
            Reply next = script.poll();
            (next == null ? otherwise : next).send(ex, call.request().requestId(), call.request().arguments());
        });
        server.createContext("/api/v1/batches", ex -> {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            batchRequests.add(ex.getRequestMethod() + " " + path);
            if (ex.getRequestMethod().equals("POST") && path.equals("/api/v1/batches")) {
                if (batchStatus / 100 != 2) {
                    status(batchStatus, "Overloaded", "0").send(ex, null, List.of());
                    return;
                }
                send(ex, 201, "application/json", "{\"id\":\"7\",\"status\":\"starting\",\"done\":0,\"total\":2}".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/output")) {
                send(ex, 200, "application/x-ndjson", "{\"index\":0,\"ok\":{\"Int\":1}}\n".getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 200, "application/json", "{\"id\":\"7\",\"status\":\"completed\",\"done\":2,\"total\":2}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    URI url() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

    /** A loopback URL where nothing listens: a worker that is down. */
    static URI dead() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void wire(HttpExchange ex, WireMessage answer) throws IOException {
        send(ex, 200, WireHttp.MEDIA_TYPE, WireStreamWriter.toBytes(List.of(answer), false));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(code, body == null ? -1 : body.length);
        if (body != null) ex.getResponseBody().write(body);
        ex.close();
    }

    @Override public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
