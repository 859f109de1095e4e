package dev.shaperemote.worker;

import dev.shaperemote.wire.JsonValues;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/v1/execute}: compiles and runs Shape source on the call pool and answers the JSON form
 * of {@code ExecuteResponse}. A program that fails (compile error, runtime error, budget, timeout) is a
 * 200 with {@code success: false}; only a request the worker refuses gets another status.
 */
@Path("/execute")
@ApplicationScoped
public class ExecuteResource {
    private static final String ENDPOINT = "execute";
    private final AtomicLong requestIds = new AtomicLong();

    @Inject
    WorkerConfig config;
    @Inject
    CallRunner runner;
    @Inject
    WorkerMetrics metrics;
    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compile and run Shape source")
    @RequestBody(description = "{\"code\": \"fn add(a, b) { a + b }\\nadd(2, 3)\", \"request_id\": 7}")
    @APIResponse(responseCode = "200", description = "ExecuteResponse: request_id, success, value (tagged JSON), stdout, "
            + "error, diagnostics [{severity, message, line, column}], metrics")
    @APIResponse(responseCode = "400", description = "ProtocolError: malformed JSON or no 'code'")
    @APIResponse(responseCode = "413", description = "body larger than shape.worker.execute.max-request-bytes")
    @APIResponse(responseCode = "503", description = "Overloaded: pool and queue are full; see Retry-After")
    public CompletionStage<Response> execute(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                             @Context SecurityContext security) throws IOException {
        String principal = callers.required(security).name();
        ExecuteRequest request;
        try {
            request = ExecuteRequest.parse(BoundedBody.read(body, length == null ? -1 : length, config.executeMaxRequestBytes()));
        } catch (WorkerFailure refused) {
            metrics.callRefused(ENDPOINT, refused.kind().name());
            throw refused;
        }
        long requestId = request.requestId() != null ? request.requestId() : requestIds.incrementAndGet();
        long start = System.nanoTime();
        CompletionStage<RunOutcome> run;
        try {
            run = runner.submit(new ShapeRun(request.code(), config.budgets(), config.compileLimits()), principal);
        } catch (WorkerFailure refused) {
            metrics.callRefused(ENDPOINT, refused.kind().name());
            throw refused;
        }
        return run.handle((outcome, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof CallTimedOut timedOut) {
                outcome = RunOutcome.timedOut(timedOut.getMessage(), (System.nanoTime() - start) / 1_000);
            } else if (cause instanceof WorkerFailure refused) {
                metrics.callRefused(ENDPOINT, refused.kind().name());
                throw refused;
            } else if (cause != null) {
                throw new CompletionException(cause);
            }
            metrics.callFinished(ENDPOINT, outcome.errorKind(), Duration.ofNanos(System.nanoTime() - start));
            return Response.ok(response(requestId, outcome), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    /** The JSON form of {@code ExecuteResponse}; {@code error} reads "Kind: message". */
    static byte[] response(long requestId, RunOutcome o) {
        return Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("request_id", requestId);
            g.writeBooleanField("success", o.ok());
            g.writeFieldName("value");
            if (o.ok()) JsonValues.write(g, o.value()); else g.writeString("None");
            g.writeStringField("stdout", o.stdout());
            if (o.ok()) g.writeNullField("error"); else g.writeStringField("error", o.errorKind() + ": " + o.message());
            g.writeArrayFieldStart("diagnostics");
            if (!o.ok()) {
                g.writeStartObject();
                g.writeStringField("severity", "error");
                g.writeStringField("message", o.message());
                g.writeFieldName("line");
                if (o.line() > 0) g.writeNumber(o.line()); else g.writeNull();
                g.writeFieldName("column");
                if (o.column() > 0) g.writeNumber(o.column()); else g.writeNull();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("metrics");
            g.writeNumberField("instructions_executed", o.instructions());
            g.writeNumberField("wall_time_us", o.wallMicros());
            g.writeNumberField("memory_bytes_peak", o.memoryPeak());
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
