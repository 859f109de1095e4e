package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;
import dev.shaperemote.it.TestPrograms;

import dev.shaperemote.it.TestTokens;
import com.github.luben.zstd.Zstd;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.remote.Sidecars;
import dev.shaperemote.vm.TypedArray;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static dev.shaperemote.it.ItServer.answer;
import static dev.shaperemote.it.ItServer.connection;
import static dev.shaperemote.it.ItServer.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/wire} on the running server, driven with the Java client pieces ({@link RemoteCalls},
 * {@link WireStreamWriter}). The test server's pool is 2, its queue 2, its call timeout 5 s and its wire
 * ceilings 16 MiB (pom.xml); clients that may meet a full pool retry on Overloaded after Retry-After.
 */
class WorkerWireIT {
    static final String SOURCE = TestPrograms.CALLS;
    static final Program PROGRAM = TestPrograms.CALLS_PROGRAM;
    static final int MAX_STREAM = 16 << 20;

    static byte[] stream(WireMessage... messages) { return WireStreamWriter.toBytes(List.of(messages), true); }

    static WireMessage.Call call(String function, List<Object> args, List<FunctionHash> known) {
        return new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(PROGRAM, function, args, known));
    }

    static WireMessage.RemoteCallResponse callResponse(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode());
        return assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(r));
    }

    static void assertKind(String kind, WireMessage.RemoteCallResponse r) {
        assertFalse(r.isOk(), "expected " + kind + ", got the value " + r.value());
        assertEquals(kind, r.error().kind(), r.error().message());
        WorkerApiIT.assertNoJavaInternals(r.error().message());
    }

    static WireMessage.Error error(int status, String kind, HttpResponse<byte[]> r) {
        assertEquals(status, r.statusCode());
        WireMessage.Error e = assertInstanceOf(WireMessage.Error.class, answer(r));
        assertEquals(kind, e.kind(), e.message());
        WorkerApiIT.assertNoJavaInternals(e.message());
        return e;
    }

    @Test
    void pingAnswersPong() throws Exception {
        WireMessage.Pong pong = assertInstanceOf(WireMessage.Pong.class, answer(wire(stream(new WireMessage.Ping()), null)));
        assertEquals(1, pong.wireProtocol());
        assertTrue(pong.capabilities().containsAll(List.of("call", "blob-negotiation", "sidecar")), pong.capabilities().toString());
    }

    @Test
    void aConnectionsCacheServesNegotiationAndWarmCallsUntilItIsDeleted() throws Exception {
        String token = connection();
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "sum_squares");
        var cold = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(stream(offer), token)));
        assertEquals(List.of(), cold.knownHashes());

        WireMessage.Call first = call("sum_squares", List.of(1L, 2L), cold.knownHashes());
        assertEquals(2, first.request().functionBlobs().size(), "sum_squares and square");
        assertEquals(5L, callResponse(wire(stream(first), token)).value());

        var warm = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(stream(offer), token)));
        assertEquals(offer.offeredHashes().size(), warm.knownHashes().size());
        WireMessage.Call second = call("sum_squares", List.of(5L, 6L), warm.knownHashes());
        assertNull(second.request().functionBlobs(), "a warm call carries no blobs");
        WireMessage.RemoteCallResponse r = callResponse(wire(stream(withId(second, 42L)), token));
        assertEquals(61L, r.value());
        assertEquals(42L, r.requestId());

        // Another connection, and a request without one, learn nothing of what this connection holds.
        var other = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(stream(offer), connection())));
        assertEquals(List.of(), other.knownHashes());
        assertEquals(List.of(), ((WireMessage.BlobNegotiationResponse) answer(wire(stream(offer), null))).knownHashes());
        assertKind("FunctionNotFound", callResponse(wire(stream(second), null)));

        assertEquals(204, ItServer.deleteConnection(token).statusCode());
        error(401, "Unauthorized", wire(stream(offer), token));
        error(401, "Unauthorized", wire(stream(offer), "not-a-token"));
    }

    @Test
    void metricsCountWireCallsAndCacheHits() throws Exception {
        String token = connection();
        assertEquals(3L, callResponse(wire(stream(call("add", List.of(1L, 2L), List.of())), token)).value());
        List<FunctionHash> known = RemoteCalls.negotiationFor(PROGRAM, "add").offeredHashes();
        assertEquals(4L, callResponse(wire(stream(call("add", List.of(2L, 2L), known)), token)).value()); // found in the cache
        String metrics = ItServer.metrics();
        assertTrue(metrics.matches("(?s).*shape_calls_total\\{[^}]*endpoint=\"wire\"[^}]*outcome=\"ok\".*"), metrics);
        assertTrue(metrics.matches("(?s).*\\nshape_blob_cache_hits\\{[^}]*} [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*\\nshape_bytes_in_total\\{[^}]*} [1-9].*"), metrics);
    }

    @Test
    void anUnknownFunctionIsFunctionNotFound() throws Exception {
        RemoteCallRequest byName = new RemoteCallRequest(PROGRAM, "nope", null, null, List.of(), null, null,
                RemoteCalls.programHash(PROGRAM), null, null);
        assertKind("FunctionNotFound", callResponse(wire(stream(new WireMessage.Call(byName)), null)));
        RemoteCallRequest byHash = new RemoteCallRequest(null, "", null, FunctionHash.of(new byte[32]), List.of(), null, null,
                RemoteCalls.programHash(PROGRAM), null, null);
        assertKind("FunctionNotFound", callResponse(wire(stream(new WireMessage.Call(byHash)), null)));
    }

    @Test
    void aMissingDependencyIsNamedAndAResendSucceeds() throws Exception {
        String token = connection();
        RemoteCallRequest full = call("sum_squares", List.of(1L, 1L), List.of()).request();
        List<HashedBlob> entryOnly = full.functionBlobs().stream().filter(h -> h.blob().name().equals("sum_squares")).toList();
        WireMessage.RemoteCallResponse r = callResponse(wire(stream(new WireMessage.Call(new RemoteCallRequest(null, "sum_squares",
                null, full.functionHash(), full.arguments(), null, null, full.programHash(), entryOnly, null))), token));
        assertKind("MissingModuleFunction", r);
        @SuppressWarnings("unchecked")
        List<Object> missing = (List<Object>) r.error().details().get("missing_hashes");
        assertEquals(1, missing.size());
        FunctionHash square = FunctionHash.of((byte[]) missing.get(0));

        List<HashedBlob> resend = full.functionBlobs().stream().filter(h -> h.hash().equals(square)).toList();
        assertEquals("square", resend.get(0).blob().name());
        WireMessage.RemoteCallResponse again = callResponse(wire(stream(new WireMessage.Call(new RemoteCallRequest(null, "sum_squares",
                null, full.functionHash(), full.arguments(), null, null, full.programHash(), resend, null))), token));
        assertEquals(2L, again.value());
    }

    @Test
    void theCallersAndTheProgramsMistakesAreAnsweredInBand() throws Exception {
        assertKind("ArgumentError", callResponse(wire(stream(call("square", List.of(1L, 2L), List.of())), null)));
        WireMessage.RemoteCallResponse r = callResponse(wire(stream(call("divide", List.of(1L, 0L), List.of())), null));
        assertKind("RuntimeError", r);
        assertTrue(r.error().message().contains("'divide'") && r.error().message().contains("line 5"), r.error().message());
        assertKind("ResourceLimit", callResponse(wire(stream(call("deep", List.of(0L), List.of())), null)));
    }

    @Test
    void aRunawayCallTimesOut() throws Exception {
        WireMessage.RemoteCallResponse r = callResponse(wire(stream(withId(call("spin", List.of(), List.of()), 9L)), null));
        assertKind("Timeout", r);
        assertEquals(9L, r.requestId());
    }

    @Test
    void garbageIs400ProtocolError() throws Exception {
        error(400, "ProtocolError", wire(new byte[] {0, 0, 0, 3, 0, (byte) 0xc1, 7}, null)); // 0xc1: never used in MessagePack
        error(400, "ProtocolError", wire(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'}, null)); // unknown flag bits
        error(413, "ProtocolError", wire("hello, worker".getBytes(), null)); // "hell" read as a length: 1.7 GB, over the ceiling
        error(400, "ProtocolError", wire(new byte[] {0, 0, 0, 9, 0}, null)); // ends inside a frame
        error(400, "ProtocolError", wire(new byte[0], null)); // no request at all
        error(400, "ProtocolError", wire(stream(new WireMessage.BlobSidecar(0, new byte[4]), new WireMessage.Ping()), null));
    }

    @Test
    void anOversizedStreamIs413() throws Exception {
        byte[] big = new byte[MAX_STREAM + 1];
        error(413, "ProtocolError", wire(big, null)); // refused from Content-Length
        var chunked = TestTokens.request(URI.create(ItServer.URL + "/api/v1/wire"))
                .header("Content-Type", "application/x-shape-wire")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        error(413, "ProtocolError", ItServer.HTTP.send(chunked, HttpResponse.BodyHandlers.ofByteArray())); // refused while reading

        // A small stream whose one frame claims to decompress past the ceiling.
        byte[] bomb = Zstd.compress(new byte[MAX_STREAM + 1], 3);
        byte[] frame = new byte[bomb.length + 1];
        frame[0] = 1;
        System.arraycopy(bomb, 0, frame, 1, bomb.length);
        var out = new java.io.ByteArrayOutputStream();
        new WireStreamWriter(out, false).writeFrame(frame);
        error(413, "ProtocolError", wire(out.toByteArray(), null));
    }

    @Test
    void an8MiBTypedArrayTravelsAsASidecar() throws Exception {
        double[] values = new double[1 << 20];
        for (int i = 0; i < values.length; i++) values[i] = i * 0.5;
        RemoteCallRequest body = RemoteCalls.buildCallRequestNegotiated(PROGRAM, "total", List.of(TypedArray.ofDoubles(values)), List.of());
        Sidecars.Extracted x = Sidecars.extractSidecars(body.arguments(), null, Sidecars.SIDECAR_THRESHOLD);
        assertEquals(1, x.sidecars().size());
        List<WireMessage> request = new ArrayList<>(x.sidecars());
        request.add(new WireMessage.Call(new RemoteCallRequest(body.program(), body.functionName(), null, body.functionHash(),
                x.arguments(), null, null, body.programHash(), body.functionBlobs(), null)));
        byte[] bytes = WireStreamWriter.toBytes(request, false); // random-looking data does not shrink: send it as is
        assertTrue(bytes.length > 8 << 20);
        WireMessage.RemoteCallResponse r = callResponse(wire(bytes, null));
        assertTrue(r.isOk(), () -> r.error().message());
        assertEquals(0.5 * ((double) values.length * (values.length - 1) / 2), (Double) r.value(), 1e-3);
    }

    @Test
    void thirtyTwoConcurrentClientsAllGetTheirOwnAnswers() throws Exception {
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            long client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                try {
                    String token = connection();
                    List<FunctionHash> known = List.of();
                    for (long i = 0; i < 5; i++) {
                        WireMessage.RemoteCallResponse r = callWithRetry(call("add", List.of(client * 1000, i), known), token);
                        // 32 clients on a pool of 2 and a 2-core machine: a call may wait past the 5 s deadline, and
                        // Timeout, like Overloaded, says "try again", not "wrong answer". Asked again, it must come right.
                        for (int again = 0; !r.isOk() && "Timeout".equals(r.error().kind()) && again < 3; again++) {
                            r = callWithRetry(call("add", List.of(client * 1000, i), known), token);
                        }
                        WireMessage.RemoteCallResponse answer = r;
                        assertTrue(answer.isOk(), () -> answer.error().message());
                        assertEquals(client * 1000 + i, answer.value());
                        known = RemoteCalls.negotiationFor(PROGRAM, "add").offeredHashes(); // the first call stored them
                    }
                    ItServer.deleteConnection(token);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void afterTwentyRunawaysOrdinaryCallsRunAgain() throws Exception {
        for (int wave = 0; wave < 10; wave++) { // a wave fills the pool of 2, so each runaway holds a running VM
            List<CompletableFuture<HttpResponse<byte[]>>> runaways = new ArrayList<>();
            for (int i = 0; i < WorkerLoadIT.POOL; i++) {
                byte[] request = stream(call("spin", List.of(), List.of()));
                runaways.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return wire(request, null);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            for (var r : runaways) assertKind("Timeout", callResponse(r.join()));
        }
        WorkerLoadIT.awaitIdlePool(); // every cancelled VM gave its slot back
        String token = connection();
        List<FunctionHash> known = List.of();
        for (long i = 0; i < 20; i++) {
            WireMessage.RemoteCallResponse r = callResponse(wire(stream(call("add", List.of(i, i), known)), token));
            assertEquals(2 * i, r.value(), () -> r.error().message());
            known = RemoteCalls.negotiationFor(PROGRAM, "add").offeredHashes();
        }
        WorkerLoadIT.awaitIdlePool();
    }

    /**
     * One call, sent again after Retry-After (plus jitter, so retries do not arrive together) while the worker is
     * Overloaded: busy (503), or the caller's own quota of calls in flight is taken (429; the tests share one
     * principal, and 32 clients of it exceed its 16).
     */
    static WireMessage.RemoteCallResponse callWithRetry(WireMessage.Call call, String token) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> r = wire(stream(call), token);
            if (r.statusCode() != 503 && r.statusCode() != 429) return callResponse(r);
            error(r.statusCode(), "Overloaded", r);
            long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(attempt < 100, "still overloaded after 100 attempts");
            Thread.sleep(seconds * 1000 + ThreadLocalRandom.current().nextLong(500));
        }
    }

    static WireMessage.Call withId(WireMessage.Call c, long id) {
        RemoteCallRequest r = c.request();
        return new WireMessage.Call(new RemoteCallRequest(r.program(), r.functionName(), r.functionId(), r.functionHash(),
                r.arguments(), r.upvalues(), r.typeSchemas(), r.programHash(), r.functionBlobs(), id));
    }
}
