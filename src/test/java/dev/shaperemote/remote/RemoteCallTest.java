package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.RunningVm;
import dev.shaperemote.vm.TypedArray;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** executeRemoteCall end to end in one process, every request and answer going through the wire codec. */
class RemoteCallTest {
    private static final String SOURCE = """
            fn square(x) { x * x }
            fn sum_squares(a, b) { square(a) + square(b) }
            fn divide(a, b) {
              let q = a / b
              q
            }
            fn spin() { loop { } }
            fn total(xs) { xs.sum() }
            fn make_counter() {
              let mut n = 0
              || { n = n + 1
                   n }
            }
            fn even(n) { if n == 0 { true } else { odd(n - 1) } }
            fn odd(n) { if n == 0 { false } else { even(n - 1) } }
            """;
    private final Program program = ShapeCompiler.compile(SOURCE);
    private final RemoteBlobCache cache = new RemoteBlobCache(1000, 64 << 20);
    private final RequestHandler handler = new RequestHandler(cache, null);

    /** Sends messages as one stream and decodes the one answer, as a transport would. */
    private WireMessage send(List<WireMessage> request, RemoteExecutor.CallOptions options) {
        byte[] answer = handler.handleStream(WireStreamWriter.toBytes(request, true), WireLimits.DEFAULT, options);
        List<WireMessage> messages = WireStreamReader.readAll(answer, WireLimits.DEFAULT);
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    private WireMessage.RemoteCallResponse call(RemoteCallRequest body) {
        return (WireMessage.RemoteCallResponse) send(List.of(new WireMessage.Call(body)), RemoteExecutor.CallOptions.defaults());
    }

    private static void assertError(RemoteErrorKind kind, WireMessage.RemoteCallResponse r) {
        assertFalse(r.isOk(), "expected " + kind + " but the call succeeded");
        assertEquals(kind.name(), r.error().kind(), r.error().message());
        assertFalse(r.error().message().contains("Exception") || r.error().message().contains("dev.shaperemote"), r.error().message());
    }

    @Test
    void aFullProgramCallReturnsItsValue() {
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildCallRequest(program, "sum_squares", List.of(3L, 4L)));
        assertTrue(r.isOk(), () -> r.error().message());
        assertEquals(25L, r.value());
        assertTrue(r.metrics().instructionsExecuted() >= 0);
    }

    @Test
    void afterNegotiationAWarmCallCarriesNoBlobsAndRunsByHash() {
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(program, "sum_squares");
        WireMessage.BlobNegotiationResponse cold = (WireMessage.BlobNegotiationResponse) send(List.of(offer), RemoteExecutor.CallOptions.defaults());
        assertEquals(List.of(), cold.knownHashes());

        RemoteCallRequest first = RemoteCalls.buildCallRequestNegotiated(program, "sum_squares", List.of(1L, 2L), cold.knownHashes());
        assertEquals(2, first.functionBlobs().size(), "sum_squares and square");
        assertEquals(5L, call(first).value());

        WireMessage.BlobNegotiationResponse warm = (WireMessage.BlobNegotiationResponse) send(List.of(offer), RemoteExecutor.CallOptions.defaults());
        assertEquals(2, warm.knownHashes().size());
        RemoteCallRequest second = RemoteCalls.buildCallRequestNegotiated(program, "sum_squares", List.of(5L, 6L), warm.knownHashes());
        assertNull(second.functionBlobs(), "a warm call carries no blobs");
        assertNull(second.program(), "nor a program stub");
        WireMessage.RemoteCallResponse r = call(new RemoteCallRequest(null, "", null, second.functionHash(), second.arguments(), null, null,
                second.programHash(), null, 7L));
        assertEquals(61L, r.value());
        assertEquals(7L, r.requestId());
    }

    @Test
    void aMissingDependencyIsNamedAndAResendSucceeds() {
        RemoteCallRequest full = RemoteCalls.buildCallRequestNegotiated(program, "sum_squares", List.of(1L, 1L), List.of());
        List<HashedBlob> onlyEntry = full.functionBlobs().stream().filter(h -> h.blob().name().equals("sum_squares")).toList();
        WireMessage.RemoteCallResponse r = call(new RemoteCallRequest(null, "sum_squares", null, full.functionHash(), full.arguments(), null, null,
                full.programHash(), onlyEntry, null));
        assertError(RemoteErrorKind.MissingModuleFunction, r);
        @SuppressWarnings("unchecked")
        List<Object> missing = (List<Object>) r.error().details().get("missing_hashes");
        FunctionHash square = program.blobs().values().stream().filter(b -> b.name().equals("square")).findFirst().orElseThrow().contentHash();
        assertEquals(1, missing.size());
        assertEquals(square, FunctionHash.of((byte[]) missing.get(0)));

        List<HashedBlob> resend = full.functionBlobs().stream().filter(h -> h.hash().equals(square)).toList();
        WireMessage.RemoteCallResponse again = call(new RemoteCallRequest(null, "sum_squares", null, full.functionHash(), full.arguments(), null, null,
                full.programHash(), resend, null));
        assertEquals(2L, again.value());
    }

    @Test
    void mutualRecursionTravelsByNameInsideItsCycle() {
        assertEquals(true, call(RemoteCalls.buildCallRequestNegotiated(program, "even", List.of(10L), List.of())).value());
    }

    @Test
    void unknownAndAmbiguousFunctionsAreNotFound() {
        assertError(RemoteErrorKind.FunctionNotFound, call(new RemoteCallRequest(program, "nope", null, null, List.of(), null, null,
                RemoteCalls.programHash(program), null, null)));
        assertError(RemoteErrorKind.FunctionNotFound, call(new RemoteCallRequest(null, "", null, FunctionHash.of(new byte[32]), List.of(),
                null, null, RemoteCalls.programHash(program), null, null)));
        Program other = ShapeCompiler.compile("fn square(x) { x * x * 1 }");
        Map<FunctionHash, FunctionBlob> both = new HashMap<>(program.blobs());
        both.putAll(other.blobs());
        Program merged = new Program(program.entry(), both);
        assertError(RemoteErrorKind.FunctionNotFound, call(new RemoteCallRequest(merged, "square", null, null, List.of(2L), null, null,
                RemoteCalls.programHash(merged), null, null)));
        assertTrue(assertThrowsKind(RemoteErrorKind.FunctionNotFound, () -> Blobs.buildMinimalBlobs(merged, "square")));
    }

    private static boolean assertThrowsKind(RemoteErrorKind kind, Runnable r) {
        try {
            r.run();
            return false;
        } catch (RemoteCallException e) {
            return e.kind() == kind;
        }
    }

    @Test
    void wrongArityAndForgedBlobsAreArgumentErrors() {
        RemoteCallRequest good = RemoteCalls.buildCallRequestNegotiated(program, "square", List.of(3L), List.of());
        FunctionBlob real = good.functionBlobs().get(0).blob();
        FunctionBlob tampered = new FunctionBlob(real.contentHash(), real.name(), real.arity(), real.paramNames(), real.localsCount(),
                real.isClosure(), real.capturesCount(), real.isAsync(), real.instructions(), List.of(99L), real.strings(),
                real.dependencies(), real.typeSchemas(), real.sourceMap());
        WireMessage.RemoteCallResponse r = call(new RemoteCallRequest(null, "square", null, good.functionHash(), good.arguments(), null, null,
                good.programHash(), List.of(new HashedBlob(real.contentHash(), tampered)), null));
        assertError(RemoteErrorKind.ArgumentError, r);
        assertTrue(r.error().message().contains("hash mismatch"));
        assertFalse(cache.contains(real.contentHash()), "a forged blob never enters the cache");
        assertError(RemoteErrorKind.ArgumentError, call(RemoteCalls.buildCallRequest(program, "square", List.of(1L, 2L))));
    }

    @Test
    void aProgramThatIsNotTheOneItsHashNamesIsRefused() {
        RemoteCallRequest r = RemoteCalls.buildCallRequest(program, "square", List.of(3L));
        Program other = ShapeCompiler.compile("fn square(x) { x * x }");
        assertError(RemoteErrorKind.ArgumentError, call(new RemoteCallRequest(r.program(), r.functionName(), null, r.functionHash(),
                r.arguments(), null, null, RemoteCalls.programHash(other), null, null)));
    }

    @Test
    void theCacheMayKeepSharedCopiesWithoutChangingWhatTheCallRunsOn() {
        // A shared copy of the same function compiled at another line: same content hash, other source map.
        RemoteExecutor.CallOptions sharing = new RemoteExecutor.CallOptions(Budgets.defaults(), new RunControl(),
                blobs -> blobs.stream().map(b -> new FunctionBlob(b.contentHash(), b.name(), b.arity(), b.paramNames(),
                        b.localsCount(), b.isClosure(), b.capturesCount(), b.isAsync(), b.instructions(), b.constants(),
                        b.strings(), b.dependencies(), b.typeSchemas(), List.<int[]>of(new int[] {0, 99, 1}))).toList());
        WireMessage.RemoteCallResponse r = (WireMessage.RemoteCallResponse) send(List.of(new WireMessage.Call(
                RemoteCalls.buildCallRequest(program, "divide", List.of(1L, 0L)))), sharing);
        assertError(RemoteErrorKind.RuntimeError, r);
        assertTrue(r.error().message().contains("line 4"), "the line comes from the blob the call brought: " + r.error().message());
        assertEquals(99, cache.get(program.blobs().values().stream().filter(b -> b.name().equals("divide")).findFirst()
                .orElseThrow().contentHash()).sourceMap().get(0)[1], "the cache holds the shared copy");
    }

    @Test
    void theProgramsOwnFailureIsARuntimeErrorWithFunctionAndLine() {
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildCallRequest(program, "divide", List.of(1L, 0L)));
        assertError(RemoteErrorKind.RuntimeError, r);
        assertTrue(r.error().message().contains("'divide'") && r.error().message().contains("line 4"), r.error().message());
    }

    @Test
    void anExhaustedBudgetIsAResourceLimit() {
        RemoteExecutor.CallOptions small = new RemoteExecutor.CallOptions(Budgets.defaults().withInstructions(100_000), new RunControl());
        WireMessage.RemoteCallResponse r = (WireMessage.RemoteCallResponse) send(List.of(new WireMessage.Call(
                RemoteCalls.buildCallRequest(program, "spin", List.of()))), small);
        assertError(RemoteErrorKind.ResourceLimit, r);
    }

    /** A cancel that reaches a VM already running the endless loop stops it, and the call is answered Timeout. */
    @Test
    void cancellingARunningCallStopsItsLoopAsATimeout() throws Exception {
        RunControl control = new RunControl();
        RemoteExecutor.CallOptions endless = new RemoteExecutor.CallOptions(Budgets.defaults().withInstructions(Long.MAX_VALUE), control);
        CompletableFuture<WireMessage> answer = new CompletableFuture<>();
        Thread caller = new Thread(() -> answer.complete(
                send(List.of(new WireMessage.Call(RemoteCalls.buildCallRequest(program, "spin", List.of()))), endless)),
                "remote-call-test");
        caller.setDaemon(true); // should the cancel not work, the loop must not keep the test JVM alive
        caller.start();
        RunningVm.await(caller); // past every check of the call, looping
        assertFalse(answer.isDone(), "the endless loop ended by itself");
        control.cancel();
        WireMessage.RemoteCallResponse r = (WireMessage.RemoteCallResponse) answer.get(60, TimeUnit.SECONDS);
        assertError(RemoteErrorKind.Timeout, r);
        caller.join();
    }

    @Test
    void aClosureTravelsWithCopiesOfWhatItCaptured() {
        BytecodeProgram linked = Linker.link(program);
        Interpreter local = new Interpreter(linked, Budgets.defaults());
        Closure counter = (Closure) local.call(linked.byName("make_counter").get(0), new Object[0], null);
        assertEquals(1L, local.call(counter, new Object[0]));

        RemoteCallRequest request = RemoteCalls.buildClosureCallRequest(program, counter, List.of(), List.of());
        WireMessage.RemoteCallResponse r = call(request);
        assertEquals(2L, r.value(), "the callee starts from the captured value 1");
        assertEquals(2L, call(request).value(), "each call gets its own copy");
        assertEquals(2L, local.call(counter, new Object[0]), "the callee's increments never reach the caller");
    }

    @Test
    void aLargeTypedArrayRidesAsASidecarAndComesBackIntact() {
        double[] values = new double[1 << 20]; // 8 MiB
        for (int i = 0; i < values.length; i++) values[i] = i * 0.5;
        TypedArray big = TypedArray.ofDoubles(values);
        ArrayValue nested = ArrayValue.of(List.of(ArrayValue.of(List.of(big))));
        Sidecars.Extracted ex = Sidecars.extractSidecars(List.of(big.data.length > 0 ? nested : big), null, Sidecars.SIDECAR_THRESHOLD);
        assertEquals(1, ex.sidecars().size());
        assertTrue(((ArrayValue) ((ArrayValue) ex.arguments().get(0)).get(0)).get(0) instanceof dev.shaperemote.wire.SidecarRef);
        assertTrue(nested.get(0) instanceof ArrayValue a && a.get(0) == big, "the caller's value is untouched");

        RemoteCallRequest body = RemoteCalls.buildCallRequest(program, "total", List.of(big));
        Sidecars.Extracted out = Sidecars.extractSidecars(body.arguments(), null, Sidecars.SIDECAR_THRESHOLD);
        List<WireMessage> request = new ArrayList<>(out.sidecars());
        request.add(new WireMessage.Call(new RemoteCallRequest(body.program(), body.functionName(), null, body.functionHash(), out.arguments(),
                null, null, body.programHash(), null, null)));
        WireMessage.RemoteCallResponse r = (WireMessage.RemoteCallResponse) send(request, RemoteExecutor.CallOptions.defaults());
        assertTrue(r.isOk(), () -> r.error().message());
        assertEquals(0.5 * ((double) values.length * (values.length - 1) / 2), (Double) r.value(), 1e-3);
    }

    @Test
    void badSidecarsAreArgumentErrors() {
        TypedArray big = TypedArray.ofDoubles(new double[200_000]);
        RemoteCallRequest body = RemoteCalls.buildCallRequest(program, "total", List.of(big));
        Sidecars.Extracted out = Sidecars.extractSidecars(body.arguments(), null, 1024);
        WireMessage.Call call = new WireMessage.Call(new RemoteCallRequest(body.program(), body.functionName(), null, body.functionHash(),
                out.arguments(), null, null, body.programHash(), null, null));
        WireMessage.BlobSidecar s = out.sidecars().get(0);
        byte[] corrupt = s.data().clone();
        corrupt[0] ^= 1;
        assertError(RemoteErrorKind.ArgumentError, (WireMessage.RemoteCallResponse) send(List.of(call), RemoteExecutor.CallOptions.defaults()));
        assertError(RemoteErrorKind.ArgumentError, (WireMessage.RemoteCallResponse) send(List.of(s, s, call), RemoteExecutor.CallOptions.defaults()));
        assertError(RemoteErrorKind.ArgumentError, (WireMessage.RemoteCallResponse) send(List.of(new WireMessage.BlobSidecar(0, corrupt), call), RemoteExecutor.CallOptions.defaults()));
        assertError(RemoteErrorKind.ArgumentError, (WireMessage.RemoteCallResponse) send(List.of(s, new WireMessage.BlobSidecar(5, new byte[8]), call), RemoteExecutor.CallOptions.defaults()));
    }

    @Test
    void garbageGetsAProtocolErrorAndPingAPong() {
        byte[] answer = handler.handleStream(new byte[] {0, 0, 0, 3, 7, 7, 7}, WireLimits.DEFAULT, RemoteExecutor.CallOptions.defaults());
        WireMessage m = WireStreamReader.readAll(answer, WireLimits.DEFAULT).get(0);
        assertEquals("ProtocolError", ((WireMessage.Error) m).kind());
        WireMessage.Pong pong = (WireMessage.Pong) send(List.of(new WireMessage.Ping()), RemoteExecutor.CallOptions.defaults());
        assertTrue(pong.capabilities().containsAll(List.of("call", "blob-negotiation", "sidecar")));
        assertNull(((WireMessage.Error) send(List.of(new WireMessage.BlobSidecar(0, new byte[1]), new WireMessage.Ping()),
                RemoteExecutor.CallOptions.defaults())).requestId());
    }
}
