package dev.shaperemote.worker;

import dev.shaperemote.remote.LocalSourceService;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.remote.RunControl;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.wire.Diagnostic;
import dev.shaperemote.wire.ExecutionMetrics;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.RemoteCallError;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Answers decoded request streams for every binding (HTTP {@code /api/v1/wire}, WebSocket
 * {@code /ws/v1/wire}, JMS and REST jobs): {@code Call}, {@code Execute} and {@code Validate} run on the
 * bounded call pool under the worker's deadline; {@code Ping}, {@code BlobNegotiation} and malformed
 * requests are cheap and are answered at once on the caller's thread.
 */
@ApplicationScoped
public class WireCalls {
    @Inject
    WorkerConfig config;
    @Inject
    CallRunner runner;
    @Inject
    ConnectionRegistry registry;
    @Inject
    WorkerMetrics metrics;

    /** Validate only compiles; Execute runs as a {@link ShapeRun} so the deadline can cancel it. */
    /** The key of the decompression budget of one stream or message, named when a request crosses it. */
    public static final String MAX_DECOMPRESSED_KEY = "shape.worker.wire.max-decompressed-bytes";

    private LocalSourceService source;
    private WireLimits limits;

    @PostConstruct
    void init() {
        source = new LocalSourceService(config.budgets(), config.callTimeout(), config.compileLimits());
        limits = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, clamp(config.wireMaxStreamBytes()),
                clamp(config.wireMaxDecompressedBytes()), MAX_DECOMPRESSED_KEY);
    }

    private static long clamp(long bytes) { return Math.max(1, Math.min(bytes, WireLimits.HARD_MAX_BYTES)); }

    /** The decoding ceilings of both bindings, from configuration. */
    public WireLimits limits() { return limits; }

    /** A blob cache bounded like every connection's, for a request or session that has no token. */
    public RemoteBlobCache newCache() { return new RemoteBlobCache(config.cacheMaxEntries(), config.cacheMaxBytes()); }

    /**
     * The answer to one request stream of {@code principal}. Throws {@link WorkerFailure} (Overloaded) at once
     * when pool and queue are full, or when the principal has its quota of calls in flight; the stage itself
     * completes with the answer (a timed-out call is a Timeout answer).
     */
    public CompletionStage<WireMessage> answer(List<WireMessage> request, RemoteBlobCache cache, String endpoint, String principal) {
        return answer(request, cache, endpoint, principal, null);
    }

    /**
     * As {@link #answer(List, RemoteBlobCache, String, String)}; {@code onStart} (may be null) runs on the pool
     * thread just before a pooled request (Call, Execute, Validate) starts running, never for one answered at
     * once, so a caller can tell "ran and timed out" from "timed out waiting for a slot".
     */
    public CompletionStage<WireMessage> answer(List<WireMessage> request, RemoteBlobCache cache, String endpoint,
                                               String principal, Runnable onStart) {
        RequestHandler handler = new RequestHandler(cache, source);
        CancellableCall<WireMessage> job = startingWith(onStart, poolJob(request, handler));
        if (job == null) {
            WireMessage answer = handler.handle(request, new RemoteExecutor.CallOptions(config.budgets(), new RunControl()));
            if (answer instanceof WireMessage.Error e) metrics.callRefused(endpoint, e.kind());
            return CompletableFuture.completedFuture(answer);
        }
        WireMessage last = request.get(request.size() - 1);
        long start = System.nanoTime();
        CompletionStage<WireMessage> run;
        try {
            run = runner.submit(job, principal);
        } catch (WorkerFailure refused) {
            metrics.callRefused(endpoint, refused.kind().name());
            throw refused;
        }
        return run.handle((answer, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof CallTimedOut timedOut) {
                answer = timedOut(last, timedOut.getMessage(), (System.nanoTime() - start) / 1_000);
            } else if (cause instanceof WorkerFailure refused) {
                metrics.callRefused(endpoint, refused.kind().name());
                throw refused;
            } else if (cause != null) {
                throw new CompletionException(cause);
            }
            metrics.callFinished(endpoint, errorKind(answer), Duration.ofNanos(System.nanoTime() - start));
            return answer;
        });
    }

    private static CancellableCall<WireMessage> startingWith(Runnable onStart, CancellableCall<WireMessage> job) {
        if (job == null || onStart == null) return job;
        return new CancellableCall<>() {
            @Override public WireMessage call() throws Exception {
                onStart.run();
                return job.call();
            }

            @Override public void cancel() { job.cancel(); }
        };
    }

    /** The pool work for a well-formed Call, Execute or Validate; null for what is answered at once. */
    private CancellableCall<WireMessage> poolJob(List<WireMessage> request, RequestHandler handler) {
        if (request.isEmpty()) return null;
        for (int i = 0; i < request.size() - 1; i++) {
            if (!(request.get(i) instanceof WireMessage.BlobSidecar)) return null; // the handler names the fault
        }
        WireMessage last = request.get(request.size() - 1);
        if (last instanceof WireMessage.Call) {
            RunControl control = new RunControl();
            return new CancellableCall<>() {
                @Override public WireMessage call() {
                    return handler.handle(request, new RemoteExecutor.CallOptions(config.budgets(), control, registry::intern));
                }

                @Override public void cancel() { control.cancel(); }
            };
        }
        if (request.size() > 1) return null; // sidecars before anything but a Call: the handler's ProtocolError
        if (last instanceof WireMessage.Execute e) {
            ShapeRun run = new ShapeRun(e.code(), config.budgets(), config.compileLimits());
            return new CancellableCall<>() {
                @Override public WireMessage call() { return executeResponse(e.requestId(), run.call()); }

                @Override public void cancel() { run.cancel(); }
            };
        }
        if (last instanceof WireMessage.Validate v) {
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            return new CancellableCall<>() {
                @Override public WireMessage call() { return source.validate(v, cancelled::get); }

                @Override public void cancel() { cancelled.set(true); } // the compile stops at its next checkpoint
            };
        }
        return null;
    }

    /** A response stream of the one message {@code answer}: its {@link #frame} behind its big-endian length. */
    public byte[] responseStream(WireMessage answer) {
        byte[] frame = frame(answer);
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length + 4);
        int n = frame.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(frame, 0, frame.length);
        return out.toByteArray();
    }

    /**
     * One frame of {@code answer}. A value the wire cannot carry (nested too deeply) is the program's
     * ArgumentError, answered in its place, never a failure of the transport.
     */
    public byte[] frame(WireMessage answer) {
        try {
            return Frames.encode(answer, true, limits);
        } catch (WireException e) {
            String message = "the result cannot be sent: " + e.getMessage();
            if (answer instanceof WireMessage.RemoteCallResponse r) {
                return Frames.encode(WireMessage.RemoteCallResponse.err(
                        new RemoteCallError(message, RemoteErrorKind.ArgumentError.name(), null), r.requestId(), r.metrics()), true);
            }
            if (answer instanceof WireMessage.ExecuteResponse r) {
                return Frames.encode(new WireMessage.ExecuteResponse(r.requestId(), false, Nil.NONE, r.stdout(),
                        "ArgumentError: " + message, List.of(new Diagnostic("error", message, null, null)), r.metrics()), true);
            }
            return Frames.encode(RequestHandler.protocolError(message, null), true);
        }
    }

    /** The in-band answer to a request that ran past the deadline. */
    private static WireMessage timedOut(WireMessage request, String message, long micros) {
        if (request instanceof WireMessage.Call c) {
            return WireMessage.RemoteCallResponse.err(new RemoteCallError(message, RemoteErrorKind.Timeout.name(), null),
                    c.request().requestId(), new ExecutionMetrics(0, micros, 0));
        }
        Diagnostic d = new Diagnostic("error", message, null, null);
        if (request instanceof WireMessage.Execute e) {
            return new WireMessage.ExecuteResponse(e.requestId(), false, Nil.NONE, "", "Timeout: " + message, List.of(d),
                    new ExecutionMetrics(0, micros, 0));
        }
        return new WireMessage.ValidateResponse(((WireMessage.Validate) request).requestId(), false, List.of(d));
    }

    static WireMessage.ExecuteResponse executeResponse(long requestId, RunOutcome o) {
        ExecutionMetrics m = new ExecutionMetrics(o.instructions(), o.wallMicros(), o.memoryPeak());
        if (o.ok()) return new WireMessage.ExecuteResponse(requestId, true, o.value() == null ? Nil.NONE : o.value(), o.stdout(), null, List.of(), m);
        Diagnostic d = new Diagnostic("error", o.message(), o.line() > 0 ? o.line() : null, o.column() > 0 ? o.column() : null);
        return new WireMessage.ExecuteResponse(requestId, false, Nil.NONE, o.stdout(), o.errorKind() + ": " + o.message(), List.of(d), m);
    }

    /** The error kind of an answer (as the calls metric counts it); null on success. */
    public static String errorKind(WireMessage answer) {
        if (answer instanceof WireMessage.RemoteCallResponse r) return r.isOk() ? null : r.error().kind();
        if (answer instanceof WireMessage.ExecuteResponse r) {
            return r.success() ? null : r.error().substring(0, Math.max(0, r.error().indexOf(':')));
        }
        if (answer instanceof WireMessage.ValidateResponse r) return r.success() ? null : "CompileError";
        if (answer instanceof WireMessage.Error e) return e.kind();
        return null;
    }
}
