package dev.shaperemote.client;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.Sidecars;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireHttp;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls Shape functions on a worker over HTTP ({@code /api/v1/wire}, WIRE.md): one connection per client, so the
 * worker keeps the blobs it was sent and later calls go by hash alone. Safe for concurrent calls.
 *
 * <p>What it takes care of: the first call of a function carries its blobs, later ones only the hash; a worker
 * that lost them (evicted, restarted, or a connection it no longer knows) gets them again, once; a worker that
 * answers Overloaded is asked again after its Retry-After, a bounded number of times; large typed arrays and bytes
 * travel as sidecars. Whatever the call cannot survive becomes a {@link RemoteCallException} with its kind.
 *
 * <p>Given several workers of one fleet (which share connection tokens and blobs), it spreads the calls over them
 * in turn and moves a call to another worker when one could not have answered it ({@link WorkerPool}); the call
 * sent again is the same request, with the same {@code request_id}. A call that ran and failed, and a refusal
 * (400, 401, 403, 404, 413, 429), is not sent elsewhere.
 */
public final class ShapeRemoteClient implements AutoCloseable {
    private static final String WIRE = WireHttp.MEDIA_TYPE;
    private static final String CONNECTION_HEADER = WireHttp.CONNECTION_HEADER;

    private final WorkerPool workers;
    private final HttpClient http;
    private final int overloadRetries;
    private final String bearer;
    /** Blobs this connection's cache holds, as far as this client knows: sent and answered. */
    private final Set<FunctionHash> sent = ConcurrentHashMap.newKeySet();
    private volatile String token;
    private volatile int lastRequestBytes;
    /** Each call's request_id; random start, so two clients of one caller rarely share one. */
    private final AtomicLong requestIds = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 48));

    /**
     * A client of the worker at {@code worker} (e.g. {@code http://localhost:9080}) with the bearer token of the
     * environment variable {@code SHAPE_REMOTE_TOKEN}, that retries Overloaded 3 times.
     */
    public ShapeRemoteClient(URI worker) { this(worker, null, 3); }

    /** A client that authenticates with {@code bearerToken} (null: {@code SHAPE_REMOTE_TOKEN}'s). */
    public ShapeRemoteClient(URI worker, String bearerToken) { this(worker, bearerToken, 3); }

    public ShapeRemoteClient(URI worker, String bearerToken, int overloadRetries) {
        this(new WorkerPool(List.of(worker)), bearerToken, overloadRetries);
    }

    /** A client of the workers of one fleet at {@code workers}, that retries Overloaded 3 times. */
    public ShapeRemoteClient(List<URI> workers, String bearerToken) { this(new WorkerPool(workers), bearerToken, 3); }

    /**
     * A client of the fleet's {@code workers} with the bearer token {@code bearerToken} (null: {@code SHAPE_REMOTE_TOKEN}'s)
     * that waits out {@code overloadRetries} Overloaded answers (429, or 503 from every worker) per call.
     */
    public ShapeRemoteClient(WorkerPool workers, String bearerToken, int overloadRetries) {
        this.bearer = WorkerHttp.tokenOrEnv(bearerToken);
        this.workers = workers;
        this.overloadRetries = overloadRetries;
        // HTTP/1.1: a call is one request and one response; h2c's upgrade dance buys nothing here.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code function} of {@code program} applied to {@code arguments} on the worker: its value, or a RemoteCallException. */
    public Object call(Program program, String function, List<Object> arguments) {
        RemoteCallRequest request = RemoteCalls.buildCallRequestNegotiated(program, function, arguments, sent);
        WireMessage.RemoteCallResponse response = send(request.withRequestId(requestIds.incrementAndGet()));
        if (response.error() != null && lostBlobs(response.error().kind())) {
            // The worker's cache lost some: send every blob of the call again, once, as a new request.
            request = RemoteCalls.buildCallRequestNegotiated(program, function, arguments, Set.of());
            sent.removeAll(hashes(request));
            response = send(request.withRequestId(requestIds.incrementAndGet()));
        }
        if (response.error() == null) {
            sent.addAll(hashes(request)); // the blobs of the call set it held already are in 'sent' before this call
            return response.value();
        }
        throw new RemoteCallException(WorkerHttp.kindOf(response.error().kind()), response.error().message());
    }

    /** The blobs a request carries (the called function's set, function values among its arguments included). */
    private static List<FunctionHash> hashes(RemoteCallRequest request) {
        return request.functionBlobs() == null ? List.of() : request.functionBlobs().stream().map(HashedBlob::hash).toList();
    }

    private static boolean lostBlobs(String kind) {
        return kind.equals(RemoteErrorKind.FunctionNotFound.name()) || kind.equals(RemoteErrorKind.MissingModuleFunction.name());
    }

    /** Sends one call on this client's connection; a connection the worker no longer knows is replaced, once. */
    private WireMessage.RemoteCallResponse send(RemoteCallRequest call) {
        byte[] body;
        try {
            body = WireStreamWriter.toBytes(Sidecars.requestStream(call, Sidecars.SIDECAR_THRESHOLD), true);
        } catch (WireException e) {
            throw new RemoteCallException(RemoteErrorKind.ArgumentError, "the arguments cannot be sent: " + e.getMessage());
        }
        lastRequestBytes = body.length;
        HttpResponse<byte[]> r = post(body, connection());
        if (r.statusCode() == 401 && isWireError(r)) {
            // The worker does not know the token (expired, deleted, or the worker restarted): a new connection,
            // whose empty cache a warm call finds out about (FunctionNotFound), which call() answers with the blobs.
            forgetConnection();
            r = post(body, connection());
        }
        return answer(r);
    }

    /** A 401 with a wire Error is the worker not knowing the connection; one without is a bad bearer token. */
    private static boolean isWireError(HttpResponse<byte[]> r) {
        return r.headers().firstValue("Content-Type").map(t -> t.startsWith(WIRE)).orElse(false);
    }

    private WireMessage.RemoteCallResponse answer(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) throw WorkerHttp.refusal(r);
        List<WireMessage> messages;
        try {
            messages = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
        } catch (WireException e) {
            throw new RemoteCallException(RemoteErrorKind.ProtocolError, "the worker's answer does not decode: " + e.getMessage());
        }
        WireMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last instanceof WireMessage.RemoteCallResponse response) return response;
        if (last instanceof WireMessage.Error e) throw new RemoteCallException(WorkerHttp.kindOf(e.kind()), e.message());
        throw new RemoteCallException(RemoteErrorKind.ProtocolError, "the worker answered a call with " + last);
    }

    /**
     * POSTs a request stream to the next worker that answers ({@link WorkerPool}): the same bytes, so the same
     * request_id, wherever it goes. A 429 (this caller holds its quota of calls in flight, on the whole fleet) is
     * waited out on the same worker, at most {@code overloadRetries} times, Retry-After apart; a 503 of every worker too.
     */
    private HttpResponse<byte[]> post(byte[] body, String connection) {
        return workers.call(overloadRetries, worker -> {
            for (int attempt = 0; ; attempt++) {
                HttpRequest.Builder request = request(worker, "api/v1/wire")
                        .header("Content-Type", WIRE).header("Accept", WIRE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (connection != null) request.header(CONNECTION_HEADER, connection);
                HttpResponse<byte[]> r = WorkerHttp.available(exchange(worker, request.build()), worker);
                if (r.statusCode() != 429 || attempt >= overloadRetries) return r;
                WorkerHttp.pause(WorkerHttp.retryAfter(r));
            }
        });
    }

    /** This client's connection token, created on first use. */
    private String connection() {
        String t = token;
        if (t != null) return t;
        synchronized (this) {
            if (token == null) {
                HttpResponse<byte[]> r = workers.call(0, worker -> WorkerHttp.accepted(WorkerHttp.available(
                        exchange(worker, request(worker, "api/v1/connections").POST(HttpRequest.BodyPublishers.noBody()).build()), worker)));
                Object parsed = JsonValues.parse(new String(r.body(), StandardCharsets.UTF_8));
                if (!(parsed instanceof ObjectValue o) || !(o.fields.get("token") instanceof String created)) {
                    throw new RemoteCallException(RemoteErrorKind.ProtocolError, "the worker's new connection has no token");
                }
                token = created;
            }
            return token;
        }
    }

    /** The connection token in use, or null before the first call (for tests and diagnostics). */
    String connectionToken() { return token; }

    /** The size of the last request stream sent: a call by hash is much smaller than one with blobs. */
    int lastRequestBytes() { return lastRequestBytes; }

    private synchronized void forgetConnection() {
        token = null;
        sent.clear();
    }

    /** Ends this client's connection on the workers (any of the fleet's will do), which then drop its blob cache. */
    @Override public void close() {
        String t = token;
        if (t == null) return;
        forgetConnection();
        try {
            workers.call(0, worker -> WorkerHttp.available(
                    exchange(worker, request(worker, "api/v1/connections").header(CONNECTION_HEADER, t).DELETE().build()), worker));
        } catch (RemoteCallException e) {
            // the workers are gone: so is the connection
        }
    }

    private HttpRequest.Builder request(URI worker, String path) {
        return WorkerHttp.authorized(HttpRequest.newBuilder(worker.resolve(path)), bearer);
    }

    private HttpResponse<byte[]> exchange(URI worker, HttpRequest request) {
        return WorkerHttp.exchange(http, request, HttpResponse.BodyHandlers.ofByteArray(), worker);
    }

}
