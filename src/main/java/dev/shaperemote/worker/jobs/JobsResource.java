package dev.shaperemote.worker.jobs;

import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.remote.RunControl;
import dev.shaperemote.wire.ExecutionMetrics;
import dev.shaperemote.wire.MessageJson;
import dev.shaperemote.wire.RemoteCallError;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import dev.shaperemote.worker.BoundedBody;
import dev.shaperemote.worker.CallRunner;
import dev.shaperemote.worker.CallTimedOut;
import dev.shaperemote.worker.CancellableCall;
import dev.shaperemote.worker.Connection;
import dev.shaperemote.worker.ConnectionRegistry;
import dev.shaperemote.worker.Json;
import dev.shaperemote.worker.WireResource;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WorkerFailure;
import dev.shaperemote.worker.WorkerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jobs over REST: {@code POST /api/v1/jobs} takes a request stream (WIRE.md section 2) and answers {@code 202}
 * at once with the job's {@code Location}; the request runs on the same pool, under the same admission and
 * deadline, as {@code /api/v1/wire}. {@code GET /api/v1/jobs/{id}} answers its status and, when finished,
 * the response stream ({@code Accept: application/x-shape-wire}) or its JSON form.
 */
@Path("/jobs")
@ApplicationScoped
public class JobsResource {
    private static final String WIRE = WireResource.MEDIA_TYPE;
    private static final String CONNECTION_HEADER = WireResource.CONNECTION_HEADER;
    private static final String ENDPOINT = "jobs";
    private static final Logger LOG = Logger.getLogger(JobsResource.class.getName());

    @Inject
    JobStore store;
    @Inject
    CallRunner runner;
    @Inject
    ConnectionRegistry connections;
    @Inject
    WorkerConfig config;
    @Inject
    WorkerMetrics metrics;

    @POST
    @Consumes({WIRE, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Queue a request stream as a job")
    @APIResponse(responseCode = "202", description = "accepted; Location names the job, body {\"id\", \"status\"}")
    @APIResponse(responseCode = "400", description = "ProtocolError: not a well-formed request stream")
    @APIResponse(responseCode = "404", description = "ProtocolError: unknown Shape-Connection token")
    @APIResponse(responseCode = "413", description = "body larger than shape.worker.wire.max-stream-bytes")
    @APIResponse(responseCode = "503", description = "Overloaded: pool and queue full, draining, or too many jobs held; see Retry-After")
    public Response submit(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                           @HeaderParam(CONNECTION_HEADER) String token, @Context UriInfo uri) throws IOException {
        List<WireMessage> request;
        RemoteBlobCache cache;
        WireJob job;
        try {
            byte[] stream = BoundedBody.read(body, length == null ? -1 : length, config.wireMaxStreamBytes());
            metrics.bytesIn(stream.length);
            request = decode(stream);
            cache = cacheFor(token);
            job = store.create();
        } catch (WorkerFailure refused) {
            metrics.callRefused(ENDPOINT, refused.kind().name());
            throw refused;
        }
        try {
            start(job, request, cache);
        } catch (WorkerFailure refused) { // not admitted: no job to poll for
            store.remove(job);
            metrics.callRefused(ENDPOINT, refused.kind().name());
            throw refused;
        }
        return Response.accepted(status(job))
                .location(uri.getBaseUriBuilder().path(JobsResource.class).path(job.id()).build())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A job's status, and its answer when finished")
    @APIResponse(responseCode = "200", description = "JSON {\"id\", \"status\": queued|running|done|failed, \"submitted_at\", "
            + "\"finished_at\", \"expires_at\", \"response\"}; with Accept: application/x-shape-wire a finished job answers its response stream")
    @APIResponse(responseCode = "404", description = "unknown job, or its answer was dropped after the retention time")
    public Response get(@PathParam("id") String id, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        WireJob job = store.find(id);
        if (job == null) throw WorkerFailure.notFound("no job " + id + " (unknown, or dropped after its retention time)");
        if (job.finished() && accept != null && accept.contains(WIRE)) {
            metrics.bytesOut(job.stream().length);
            return Response.ok(job.stream(), WIRE).build();
        }
        return Response.ok(status(job), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private List<WireMessage> decode(byte[] stream) {
        WireLimits limits = WireLimits.DEFAULT.withMaxBytes(config.wireMaxStreamBytes(), config.wireMaxDecompressedBytes());
        try {
            List<WireMessage> request = WireStreamReader.readAll(stream, limits);
            if (request.isEmpty()) throw WorkerFailure.protocol("the request stream is empty");
            return request;
        } catch (WireException e) {
            throw WorkerFailure.protocol(e.getMessage());
        }
    }

    /** The named connection's cache, or (no token) a cache that lives for this job only. */
    private RemoteBlobCache cacheFor(String token) {
        if (token == null || token.isBlank()) return new RemoteBlobCache(config.cacheMaxEntries(), config.cacheMaxBytes());
        Connection c = connections.find(token.trim(), ConnectionRegistry.ANONYMOUS);
        if (c == null) throw WorkerFailure.notFound("unknown connection; create one with POST /api/v1/connections");
        return c.blobs();
    }

    private void start(WireJob job, List<WireMessage> request, RemoteBlobCache cache) {
        RunControl control = new RunControl();
        RemoteExecutor.CallOptions options = new RemoteExecutor.CallOptions(config.budgets(), control);
        long start = System.nanoTime();
        runner.submit(new CancellableCall<WireMessage>() {
            @Override
            public WireMessage call() {
                job.started();
                // Execute and Validate need the compiler service of the wire binding; here they are answered as unsupported.
                return new RequestHandler(cache, null).handle(request, options);
            }

            @Override
            public void cancel() { control.cancel(); }
        }).whenComplete((answer, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            WireJob.Status end = WireJob.Status.done;
            if (cause != null) {
                end = WireJob.Status.failed;
                answer = failure(cause, request);
            }
            byte[] stream = WireStreamWriter.toBytes(List.of(answer), true);
            job.finish(end, answer, stream, Instant.now());
            metrics.callFinished(ENDPOINT, kindOf(answer), Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /** The answer of a job the worker could not run to the end: its deadline, a refusal, or a fault of ours. */
    private static WireMessage failure(Throwable cause, List<WireMessage> request) {
        WireMessage last = request.get(request.size() - 1);
        Long requestId = last instanceof WireMessage.Call c ? c.request().requestId() : null;
        String kind;
        String message;
        if (cause instanceof CallTimedOut) {
            kind = RemoteErrorKind.Timeout.name();
            message = cause.getMessage();
        } else if (cause instanceof WorkerFailure refused) {
            kind = refused.kind().name();
            message = refused.getMessage();
        } else {
            LOG.log(Level.WARNING, "a job failed unexpectedly", cause);
            kind = RemoteErrorKind.RuntimeError.name();
            message = "the worker failed while running the job";
        }
        if (last instanceof WireMessage.Call) {
            return WireMessage.RemoteCallResponse.err(new RemoteCallError(message, kind, null), requestId, new ExecutionMetrics(0, 0, 0));
        }
        return new WireMessage.Error(kind, message, requestId);
    }

    private static String kindOf(WireMessage answer) {
        if (answer instanceof WireMessage.RemoteCallResponse r) return r.error() == null ? null : r.error().kind();
        if (answer instanceof WireMessage.Error e) return e.kind();
        return null;
    }

    private byte[] status(WireJob job) {
        return Json.bytes(g -> {
            WireJob.Status status = job.status();
            g.writeStartObject();
            g.writeStringField("id", job.id());
            g.writeStringField("status", status.name());
            g.writeStringField("submitted_at", job.submittedAt().toString());
            if (status == WireJob.Status.done || status == WireJob.Status.failed) {
                g.writeStringField("finished_at", job.finishedAt().toString());
                g.writeStringField("expires_at", store.expiresAt(job).toString());
                g.writeFieldName("response");
                MessageJson.write(g, job.answer());
            }
            g.writeEndObject();
        });
    }
}
