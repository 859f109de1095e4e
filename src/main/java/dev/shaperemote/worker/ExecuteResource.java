package dev.shaperemote.worker;

import dev.shaperemote.wire.Diagnostic;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireMessage;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/v1/execute}: compiles and runs Shape source exactly as a wire {@code Execute}
 * ({@link WireCalls#execute}: call pool, deadline, metrics) and answers the JSON form of its {@code ExecuteResponse}. A program that fails (compile error, runtime error, budget, timeout) is a
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
    WireCalls calls;
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
            metrics.callRefused(ENDPOINT, refused.kind());
            throw refused;
        }
        long requestId = request.requestId() != null ? request.requestId() : requestIds.incrementAndGet();
        return calls.execute(new WireMessage.Execute(request.code(), requestId), ENDPOINT, principal)
                .thenApply(answer -> Response.ok(response(answer), MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** The JSON form of {@code ExecuteResponse}; {@code error} reads "Kind: message". */
    static byte[] response(WireMessage.ExecuteResponse r) {
        return Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("request_id", r.requestId());
            g.writeBooleanField("success", r.success());
            g.writeFieldName("value");
            if (r.success()) JsonValues.write(g, r.value()); else g.writeString("None");
            g.writeStringField("stdout", r.stdout());
            if (r.success()) g.writeNullField("error"); else g.writeStringField("error", r.error());
            g.writeArrayFieldStart("diagnostics");
            for (Diagnostic d : r.diagnostics()) {
                g.writeStartObject();
                g.writeStringField("severity", d.severity());
                g.writeStringField("message", d.message());
                g.writeFieldName("line");
                if (d.line() != null) g.writeNumber(d.line()); else g.writeNull();
                g.writeFieldName("column");
                if (d.column() != null) g.writeNumber(d.column()); else g.writeNull();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("metrics");
            g.writeNumberField("instructions_executed", r.metrics().instructionsExecuted());
            g.writeNumberField("wall_time_us", r.metrics().wallTimeUs());
            g.writeNumberField("memory_bytes_peak", r.metrics().memoryBytesPeak());
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
