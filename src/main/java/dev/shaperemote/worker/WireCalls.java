package dev.shaperemote.worker;

import dev.shaperemote.remote.Answer;
import dev.shaperemote.remote.CallRun;
import dev.shaperemote.remote.LocalSourceService;
import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.remote.RunControl;
import dev.shaperemote.wire.Diagnostic;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers decoded request streams for every binding (HTTP {@code /api/v1/wire}, WebSocket
 * {@code /ws/v1/wire}, JMS and REST jobs) and runs {@code /api/v1/execute}: {@code Call}, {@code Execute} and
 * {@code Validate} run on the bounded call pool under the worker's deadline; {@code Ping}, {@code BlobNegotiation}
 * and malformed requests are cheap and are answered at once on the caller's thread. Every answer comes with its
 * error kind ({@link Answer}), which the calls metric counts.
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

    /** A cache from {@link #newCache()} is done: its counts go to the cache metrics and it is emptied. */
    public void retire(BlobCache requestCache) { registry.retire(requestCache); }

    /** The blob cache of {@code principal}'s connection {@code token}; null when the token names none of its connections. */
    public BlobCache connectionCache(String token, String principal) {
        Connection c = registry.find(token.strip(), principal);
        return c == null ? null : c.blobs();
    }

    /**
     * The answer to one request stream of {@code principal}. Throws {@link WorkerFailure} (Overloaded) at once
     * when pool and queue are full, or when the principal has its quota of calls in flight; the stage itself
     * completes with the answer (a timed-out call is a Timeout answer).
     */
    public CompletionStage<WireMessage> answer(List<WireMessage> request, BlobCache cache, String endpoint, String principal) {
        return answer(request, cache, endpoint, principal, null).thenApply(Answer::message);
    }

    /**
     * As {@link #answer(List, BlobCache, String, String)}, with the answer's error kind; {@code onStart} (may be
     * null) runs on the pool thread just before a pooled request (Call, Execute, Validate) starts running, never for
     * one answered at once, so a caller can tell "ran and timed out" from "timed out waiting for a slot".
     */
    public CompletionStage<Answer> answer(List<WireMessage> request, BlobCache cache, String endpoint,
                                          String principal, Runnable onStart) {
        RequestHandler handler = new RequestHandler(cache, source);
        CancellableCall<Answer> job = startingWith(onStart, poolJob(request, handler));
        if (job == null) {
            Answer answer = handler.answer(request, new RemoteExecutor.CallOptions(config.budgets(), new RunControl()));
            if (answer.message() instanceof WireMessage.Error) metrics.callRefused(endpoint, answer.errorKind());
            return CompletableFuture.completedFuture(answer);
        }
        return run(job, request.get(request.size() - 1), endpoint, principal);
    }

    /** Runs Shape source exactly as a wire {@code Execute} (pool, deadline, metrics under {@code endpoint}). */
    public CompletionStage<WireMessage.ExecuteResponse> execute(WireMessage.Execute request, String endpoint, String principal) {
        return run(execute(request), request, endpoint, principal).thenApply(a -> (WireMessage.ExecuteResponse) a.message());
    }

    /**
     * Submits {@code job} on behalf of {@code principal} and counts it under {@code endpoint}: refused at once
     * (Overloaded, rethrown), or finished with its answer's kind, a deadline answered in-band as a Timeout.
     */
    private CompletionStage<Answer> run(CancellableCall<Answer> job, WireMessage request, String endpoint, String principal) {
        long start = System.nanoTime();
        CompletionStage<Answer> run;
        try {
            run = runner.submit(job, principal);
        } catch (WorkerFailure refused) {
            metrics.callRefused(endpoint, refused.kind());
            throw refused;
        }
        return run.handle((answer, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof CallTimedOut timedOut) {
                answer = timedOut(request, timedOut.getMessage(), (System.nanoTime() - start) / 1_000);
            } else if (cause instanceof WorkerFailure refused) {
                metrics.callRefused(endpoint, refused.kind());
                throw refused;
            } else if (cause != null) {
                throw new CompletionException(cause);
            }
            metrics.callFinished(endpoint, answer.errorKind(), Duration.ofNanos(System.nanoTime() - start));
            return answer;
        });
    }

    private static CancellableCall<Answer> startingWith(Runnable onStart, CancellableCall<Answer> job) {
        if (job == null || onStart == null) return job;
        return new CancellableCall<>() {
            @Override public Answer call() throws Exception {
                onStart.run();
                return job.call();
            }

            @Override public void cancel() { job.cancel(); }
        };
    }

    /** The pool work for a well-formed Call, Execute or Validate; null for what is answered at once. */
    private CancellableCall<Answer> poolJob(List<WireMessage> request, RequestHandler handler) {
        if (request.isEmpty()) return null;
        for (int i = 0; i < request.size() - 1; i++) {
            if (!(request.get(i) instanceof WireMessage.BlobSidecar)) return null; // the handler names the fault
        }
        WireMessage last = request.get(request.size() - 1);
        if (last instanceof WireMessage.Call) {
            RunControl control = new RunControl();
            return new CancellableCall<>() {
                @Override public Answer call() {
                    return handler.answer(request, new RemoteExecutor.CallOptions(config.budgets(), control, registry::intern));
                }

                @Override public void cancel() { control.cancel(); }
            };
        }
        if (request.size() > 1) return null; // sidecars before anything but a Call: the handler's ProtocolError
        if (last instanceof WireMessage.Execute e) return execute(e);
        if (last instanceof WireMessage.Validate v) {
            AtomicBoolean cancelled = new AtomicBoolean();
            return new CancellableCall<>() {
                @Override public Answer call() { return source.validate(v, cancelled::get); }

                @Override public void cancel() { cancelled.set(true); } // the compile stops at its next checkpoint
            };
        }
        return null;
    }

    /** An Execute as pool work: the run on the pool thread, which a cancel stops (the pool keeps the clock). */
    private CancellableCall<Answer> execute(WireMessage.Execute e) {
        RunControl control = new RunControl();
        return new CancellableCall<>() {
            @Override public Answer call() {
                CallRun.Outcome o = CallRun.run(CallRun.source(e.code(), config.compileLimits(), true), config.budgets(), control);
                return LocalSourceService.answer(e.requestId(), o);
            }

            @Override public void cancel() { control.cancel(); }
        };
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
                return Frames.encode(LocalSourceService.answer(r.requestId(),
                        CallRun.Outcome.failure(r.stdout(), RemoteErrorKind.ArgumentError, message, r.metrics())).message(), true);
            }
            return Frames.encode(RequestHandler.protocolError(message, null), true);
        }
    }

    /** The in-band answer to a request that ran past the deadline. */
    private static Answer timedOut(WireMessage request, String message, long micros) {
        CallRun.Outcome o = CallRun.Outcome.timedOut("", message, micros);
        if (request instanceof WireMessage.Call c) {
            return new Answer(RemoteExecutor.response(o, c.request().requestId()), RemoteErrorKind.Timeout);
        }
        if (request instanceof WireMessage.Execute e) return LocalSourceService.answer(e.requestId(), o);
        return new Answer(new WireMessage.ValidateResponse(((WireMessage.Validate) request).requestId(), false,
                List.of(new Diagnostic("error", message, null, null))), RemoteErrorKind.Timeout);
    }
}
