package dev.shaperemote.worker.jobs;

import dev.shaperemote.wire.MessageJson;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.worker.BoundedBody;
import dev.shaperemote.worker.Json;
import dev.shaperemote.worker.WireCalls;
import dev.shaperemote.worker.WireResource;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WorkerFailure;
import dev.shaperemote.worker.WorkerMetrics;
import dev.shaperemote.worker.Quotas;
import dev.shaperemote.worker.auth.Caller;
import dev.shaperemote.worker.auth.Callers;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Jobs over REST: {@code POST /api/v1/jobs} takes a request stream (WIRE.md section 2), stores it and answers
 * {@code 202} at once with the job's {@code Location}; {@link JobRunner} runs it on the same pool, under the
 * same admission and deadline, as {@code /api/v1/wire}. {@code GET /api/v1/jobs/{id}} answers its status and,
 * when finished, the response stream ({@code Accept: application/x-shape-wire}) or its JSON form.
 */
@Path("/jobs")
@ApplicationScoped
public class JobsResource {
    private static final String WIRE = WireResource.MEDIA_TYPE;
    private static final String CONNECTION_HEADER = WireResource.CONNECTION_HEADER;

    @Inject
    JobStore store;
    @Inject
    JobRunner runner;
    @Inject
    WireCalls calls;
    @Inject
    WorkerConfig config;
    @Inject
    WorkerMetrics metrics;
    @Inject
    Callers callers;
    @Inject
    Quotas quotas;

    @POST
    @Consumes({WIRE, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Queue a request stream as a job")
    @APIResponse(responseCode = "202", description = "accepted and stored; Location names the job, body {\"id\", \"status\"}")
    @APIResponse(responseCode = "400", description = "ProtocolError: not a well-formed request stream")
    @APIResponse(responseCode = "404", description = "ProtocolError: unknown Shape-Connection token")
    @APIResponse(responseCode = "413", description = "body larger than shape.worker.wire.max-stream-bytes")
    @APIResponse(responseCode = "429", description = "Overloaded: this caller holds its quota of unfinished jobs; see Retry-After")
    @APIResponse(responseCode = "503", description = "Overloaded: pool and queue full, draining, too many jobs held, "
            + "or the job could not be stored; see Retry-After")
    public Response submit(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                           @HeaderParam(CONNECTION_HEADER) String token, @Context UriInfo uri,
                           @Context SecurityContext security) throws IOException {
        Caller caller = callers.required(security);
        List<WireMessage> request;
        WireJob job;
        try {
            quotas.check(Quotas.Kind.JOBS, store.unfinishedOf(caller.name()));
            byte[] stream = BoundedBody.read(body, length == null ? -1 : length, config.wireMaxStreamBytes());
            metrics.bytesIn(stream.length);
            request = decode(stream);
            token = token == null || token.isBlank() ? null : token.trim();
            if (token != null && calls.connectionCache(token, caller.name()) == null) {
                throw WorkerFailure.notFound("unknown connection; create one with POST /api/v1/connections");
            }
            job = store.accept(stream, token, caller.name());
        } catch (WorkerFailure refused) {
            metrics.callRefused(JobRunner.ENDPOINT, refused.kind());
            throw refused;
        }
        try {
            runner.start(job, request);
        } catch (WorkerFailure refused) { // not admitted (WireCalls counted the refusal): no job to poll for
            store.remove(job);
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
    public Response get(@PathParam("id") String id, @HeaderParam(HttpHeaders.ACCEPT) String accept,
                        @Context SecurityContext security) {
        WireJob job = store.find(id);
        // Someone else's job is answered exactly as an unknown one: its existence is not for this caller to learn.
        if (job == null || !callers.required(security).mayUse(job.owner())) throw WorkerFailure.notFound("no job " + id + " (unknown, or dropped after its retention time)");
        if (job.finished() && accept != null && accept.contains(WIRE)) {
            metrics.bytesOut(job.stream().length);
            return Response.ok(job.stream(), WIRE).build();
        }
        return Response.ok(status(job), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private List<WireMessage> decode(byte[] stream) {
        try {
            List<WireMessage> request = WireStreamReader.readAll(stream, calls.limits());
            if (request.isEmpty()) throw WorkerFailure.protocol("the request stream is empty");
            return request;
        } catch (WireException e) {
            throw WorkerFailure.protocol(e.getMessage());
        }
    }

    private byte[] status(WireJob job) {
        return Json.bytes(g -> {
            WireJob.Status status = job.status();
            g.writeStartObject();
            g.writeStringField("id", job.id());
            g.writeStringField("status", status.name());
            g.writeStringField("submitted_at", job.submittedAt().toString());
            if (status.finished()) {
                g.writeStringField("finished_at", job.finishedAt().toString());
                g.writeStringField("expires_at", store.expiresAt(job).toString());
                g.writeFieldName("response");
                // The stream is the one record of the answer (as stored on disk): its JSON form is read from it.
                MessageJson.write(g, WireStreamReader.readAll(job.stream(), calls.limits()).get(0));
            }
            g.writeEndObject();
        });
    }
}
