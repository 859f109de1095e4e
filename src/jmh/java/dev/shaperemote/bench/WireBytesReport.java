package dev.shaperemote.bench;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.Blobs;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.ValueCodec;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The wire's bytes-on-the-wire measurement (deterministic, so a plain main rather than JMH): a Shape
 * program of 20 functions {@code f1 .. f20} where {@code f20} calls {@code f19}, which calls
 * {@code f18}, ... down to {@code f1}, so calling {@code f20} needs all 20 blobs.
 *
 * <ul>
 *   <li><b>cold</b>: the first call on a connection, {@link RemoteCalls#buildCallRequestNegotiated}
 *       with nothing known: a program stub and all 20 blobs in {@code function_blobs}.</li>
 *   <li><b>cold, full program</b>: {@link RemoteCalls#buildCallRequest}: the whole program (the 20
 *       functions and {@code __main__}) in {@code program}.</li>
 *   <li><b>warm</b>: after a negotiation in which the worker said it holds all 20 hashes:
 *       no blobs at all, only the hashes (and the stub and empty {@code function_blobs} that
 *       {@code buildCallRequestNegotiated} still sends). The codec leaves out nil optional keys.</li>
 *   <li><b>warm, program nil, blobs nil</b>: the same call without stub and empty blob list.</li>
 * </ul>
 *
 * Each request stream is decoded and run through {@link RemoteExecutor#executeRemoteCall} on one
 * connection cache (cold first, then warm), and the report fails unless both answer 215, so a
 * warm request that is too small to work cannot pass.
 *
 * <pre>
 * mvn -Pbench package -DskipTests
 * java -cp target/benchmarks.jar dev.shaperemote.bench.WireBytesReport
 * </pre>
 */
public final class WireBytesReport {
    static final int FUNCTIONS = 20;

    static String source() {
        StringBuilder s = new StringBuilder("fn f1(x) { x + 1 }\n");
        for (int i = 2; i <= FUNCTIONS; i++) s.append("fn f").append(i).append("(x) { f").append(i - 1).append("(x) + ").append(i).append(" }\n");
        return s.toString();
    }

    public static void main(String[] args) {
        Program program = ShapeCompiler.compile(source());
        String name = "f" + FUNCTIONS;
        List<Object> arguments = List.of(5L);
        long expected = 5L + FUNCTIONS * (FUNCTIONS + 1) / 2;
        FunctionHash target = program.byName(name).contentHash();
        List<FunctionHash> minimal = new ArrayList<>(Blobs.buildMinimalBlobsByHash(program, target).keySet());
        if (minimal.size() != FUNCTIONS) throw new IllegalStateException("expected " + FUNCTIONS + " blobs, got " + minimal.size());

        RemoteCallRequest coldFull = RemoteCalls.buildCallRequest(program, name, arguments);
        RemoteCallRequest cold = RemoteCalls.buildCallRequestNegotiated(program, name, arguments, List.of());
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(program, name);
        RemoteCallRequest warm = RemoteCalls.buildCallRequestNegotiated(program, name, arguments, minimal);

        int argumentBytes = 0;
        for (Object a : arguments) argumentBytes += ValueCodec.encode(a).length;

        // Run cold, negotiate, then warm on one connection cache: both must answer.
        RemoteBlobCache cache = new RemoteBlobCache(1000, 64L << 20);
        check(run(stream(cold, false), cache), expected, "cold");
        WireMessage.BlobNegotiationResponse reply = RemoteCalls.handleNegotiation(offer, cache);
        if (reply.knownHashes().size() != FUNCTIONS) throw new IllegalStateException("the worker knows " + reply.knownHashes().size() + " of the blobs");
        check(run(stream(warm, false), cache), expected, "warm");
        check(run(stream(coldFull, false), new RemoteBlobCache(1000, 64L << 20)), expected, "cold, full program");

        System.out.printf("program: %d functions, call %s(5) = %d; arguments encode to %d bytes%n", FUNCTIONS, name, expected, argumentBytes);
        System.out.printf("%-34s %12s %12s%n", "request stream", "plain bytes", "zstd bytes");
        row("cold (stub + 20 function_blobs)", cold);
        row("cold, full program", coldFull);
        System.out.printf("%-34s %12d %12d%n", "negotiation request (20 hashes)",
                WireStreamWriter.toBytes(List.of(offer), false).length, WireStreamWriter.toBytes(List.of(offer), true).length);
        System.out.printf("%-34s %12d %12d%n", "negotiation reply (20 hashes)",
                WireStreamWriter.toBytes(List.of(reply), false).length, WireStreamWriter.toBytes(List.of(reply), true).length);
        row("warm (no blobs)", warm);
        RemoteCallRequest warmNoStub = new RemoteCallRequest(null, warm.functionName(), null, warm.functionHash(), warm.arguments(),
                null, null, warm.programHash(), null, null);
        check(run(stream(warmNoStub, false), cache), expected, "warm without stub");
        row("warm, program nil, blobs nil", warmNoStub);
        int coldBytes = stream(cold, false).length, warmBytes = stream(warm, false).length;
        System.out.printf("warm / cold = %d / %d = %.2f%% (target <= 10%%)%n", warmBytes, coldBytes, 100.0 * warmBytes / coldBytes);
        System.out.printf("warm overhead beyond the arguments = %d - %d = %d bytes (target < 200)%n",
                warmBytes, argumentBytes, warmBytes - argumentBytes);
        int noStub = stream(warmNoStub, false).length;
        System.out.printf("same with program nil and function_blobs nil: %d - %d = %d bytes%n", noStub, argumentBytes, noStub - argumentBytes);
    }

    static byte[] stream(RemoteCallRequest r, boolean compress) {
        return WireStreamWriter.toBytes(List.of(new WireMessage.Call(r)), compress);
    }

    static void row(String label, RemoteCallRequest r) {
        System.out.printf("%-34s %12d %12d%n", label, stream(r, false).length, stream(r, true).length);
    }

    static WireMessage.RemoteCallResponse run(byte[] stream, RemoteBlobCache cache) {
        List<WireMessage> in = WireStreamReader.readAll(stream, WireLimits.DEFAULT);
        RemoteCallRequest call = ((WireMessage.Call) in.get(0)).request();
        return RemoteExecutor.executeRemoteCall(call, List.of(), cache, RemoteExecutor.CallOptions.defaults());
    }

    static void check(WireMessage.RemoteCallResponse r, long expected, String what) {
        if (!r.isOk()) throw new IllegalStateException(what + " call failed: " + r.error());
        if (!Long.valueOf(expected).equals(r.value())) throw new IllegalStateException(what + " call answered " + r.value());
    }
}
