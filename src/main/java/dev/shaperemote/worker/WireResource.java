package dev.shaperemote.worker;

import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireHttp;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import dev.shaperemote.worker.auth.Callers;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/v1/wire}: a request stream in, a response stream out (WIRE.md section 10). The
 * {@code Shape-Connection} header picks the connection whose blob cache the call uses; without it the
 * request gets a cache of its own that ends with it. Every refusal is a status plus an {@code Error}
 * message in a wire stream, so a wire client never has to parse JSON.
 */
@Path("/wire")
@ApplicationScoped
public class WireResource {
    public static final String MEDIA_TYPE = WireHttp.MEDIA_TYPE;
    public static final String CONNECTION_HEADER = WireHttp.CONNECTION_HEADER;
    private static final String ENDPOINT = "wire";
    private static final Logger LOG = Logger.getLogger(WireResource.class.getName());

    @Inject
    WorkerConfig config;
    @Inject
    WireCalls calls;
    @Inject
    WorkerMetrics metrics;
    @Inject
    Callers callers;

    @POST
    @Consumes(MEDIA_TYPE)
    @Produces(MEDIA_TYPE)
    @Operation(summary = "Answer a wire request stream: Sidecar* then Call, BlobNegotiation, Ping, Execute or Validate")
    @RequestBody(description = "a request stream ([len: u32 BE][frame]...); header Shape-Connection: <token> picks the blob cache")
    @APIResponse(responseCode = "200", description = "a response stream; a call's own failure is a CallResponse with Err")
    @APIResponse(responseCode = "400", description = "Error ProtocolError: the stream or a message is malformed")
    @APIResponse(responseCode = "401", description = "Error Unauthorized: unknown or expired connection token")
    @APIResponse(responseCode = "413", description = "Error ProtocolError: stream or frame over its ceiling")
    @APIResponse(responseCode = "429", description = "Error Overloaded: this caller has its quota of calls in flight; see Retry-After")
    @APIResponse(responseCode = "503", description = "Error Overloaded: pool and queue are full; see Retry-After")
    public CompletionStage<Response> wire(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                          @HeaderParam(CONNECTION_HEADER) String token,
                                          @Context SecurityContext security) throws IOException {
        String principal = callers.required(security).name();
        BlobCache cache;
        boolean ownCache = token == null;
        if (ownCache) {
            cache = calls.newCache();
        } else {
            cache = calls.connectionCache(token, principal);
            if (cache == null) {
                metrics.callRefused(ENDPOINT, RemoteErrorKind.Unauthorized);
                return done(refusal(401, RemoteErrorKind.Unauthorized,
                        "unknown or expired connection token; open one with POST /api/v1/connections", 0));
            }
        }
        List<WireMessage> request;
        try {
            // Decode everything before deciding: the status depends on whether the stream is well formed.
            byte[] stream = BoundedBody.read(body, length == null ? -1 : length, config.wireMaxStreamBytes());
            request = WireStreamReader.readAll(stream, calls.limits());
        } catch (WorkerFailure tooLarge) {
            metrics.callRefused(ENDPOINT, tooLarge.kind());
            return done(refusal(tooLarge));
        } catch (WireException malformed) {
            metrics.callRefused(ENDPOINT, RemoteErrorKind.ProtocolError);
            return done(refusal(malformed.tooLarge() ? 413 : 400, RemoteErrorKind.ProtocolError, malformed.getMessage(), 0));
        }
        CompletionStage<WireMessage> answer;
        try {
            answer = calls.answer(request, cache, ENDPOINT, principal);
        } catch (WorkerFailure overloaded) {
            return done(refusal(overloaded));
        }
        return answer.handle((message, error) -> {
            if (ownCache) calls.retire(cache);
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof WorkerFailure refused) return refusal(refused);
            if (cause != null) {
                LOG.log(Level.SEVERE, "unexpected failure while answering a wire request", cause);
                return refusal(500, RemoteErrorKind.RuntimeError, "internal error in the worker", 0);
            }
            // A malformed request (sidecars before a Ping, a response sent as a request) is answered with its Error.
            int status = message instanceof WireMessage.Error ? 400 : 200;
            return Response.status(status).type(MEDIA_TYPE).entity(calls.responseStream(message)).build();
        });
    }

    private Response refusal(WorkerFailure f) {
        return refusal(f.status(), f.kind(), f.getMessage(), f.retryAfterSeconds());
    }

    private Response refusal(int status, RemoteErrorKind kind, String message, int retryAfterSeconds) {
        byte[] stream = calls.responseStream(new WireMessage.Error(kind.name(), message, null));
        Response.ResponseBuilder r = Response.status(status).type(MEDIA_TYPE).entity(stream);
        if (retryAfterSeconds > 0) r.header("Retry-After", retryAfterSeconds);
        return r.build();
    }

    private static CompletionStage<Response> done(Response r) { return CompletableFuture.completedFuture(r); }
}
