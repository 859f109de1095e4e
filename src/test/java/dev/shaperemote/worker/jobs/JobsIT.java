package dev.shaperemote.worker.jobs;

import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import dev.shaperemote.worker.batch.ItServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.shaperemote.worker.batch.ItServer.await;
import static dev.shaperemote.worker.batch.ItServer.get;
import static dev.shaperemote.worker.batch.ItServer.json;
import static dev.shaperemote.worker.batch.ItServer.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs over REST ({@code /api/v1/jobs}) on the running server. */
class JobsIT {
    static final String WIRE = "application/x-shape-wire";

    static byte[] callStream(String source, String function, List<Object> args) {
        WireMessage call = new WireMessage.Call(RemoteCalls.buildCallRequest(ShapeCompiler.compile(source), function, args));
        return WireStreamWriter.toBytes(List.of(call), false);
    }

    /** Submits a request stream and waits until its job has finished; answers the job's path. */
    static String runJob(byte[] stream, String... headers) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/jobs", WIRE, stream, headers);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        String path = URI.create(location).getPath();
        assertTrue(path.matches("/api/v1/jobs/[0-9a-f-]{36}"), location);
        assertEquals(path.substring(path.lastIndexOf('/') + 1), json(accepted).fields.get("id"));
        await("job " + path, Duration.ofSeconds(30), () -> {
            try {
                Object status = json(get(path)).fields.get("status");
                return "done".equals(status) || "failed".equals(status);
            } catch (Exception e) {
                return false;
            }
        });
        return path;
    }

    /** The job's answer as the response stream. */
    static WireMessage answer(String path) throws Exception {
        HttpResponse<byte[]> r = ItServer.getBytes(path, WIRE);
        assertEquals(200, r.statusCode());
        assertEquals(WIRE, r.headers().firstValue("Content-Type").orElse(""));
        List<WireMessage> messages = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    @Test
    void aJobIsAcceptedRunAndItsAnswerFetchedAsJsonAndAsAResponseStream() throws Exception {
        String path = runJob(callStream("fn add(a, b) { a + b }", "add", List.of(2L, 3L)));

        ObjectValue status = json(get(path));
        assertEquals("done", status.fields.get("status"));
        assertTrue(get(path).body().contains("{\"Int\":5}"), get(path).body());
        assertInstanceOf(ObjectValue.class, status.fields.get("response"));

        WireMessage.RemoteCallResponse response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(path));
        assertNull(response.error());
        assertEquals(5L, response.value());
    }

    @Test
    void aFailingProgramIsAnsweredInItsJobAsAnErrWithItsKind() throws Exception {
        String path = runJob(callStream("fn f(x) {\n  x / 0\n}", "f", List.of(1L)));
        assertEquals("done", json(get(path)).fields.get("status"));
        WireMessage.RemoteCallResponse response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(path));
        assertEquals("RuntimeError", response.error().kind());
    }

    @Test
    void aResultIsDroppedAfterItsRetentionTime() throws Exception {
        // The test server keeps answers 3 s (shape.worker.jobs.retention-seconds in the pom).
        String path = runJob(callStream("fn one() { 1 }", "one", List.of()));
        assertEquals(200, get(path).statusCode());
        await("the answer to be dropped", Duration.ofSeconds(30), () -> {
            try {
                return get(path).statusCode() == 404;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void garbageAndUnknownJobsAndConnectionsAreRefused() throws Exception {
        assertEquals(400, post("/api/v1/jobs", WIRE, "not a stream".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(404, get("/api/v1/jobs/00000000-0000-0000-0000-000000000000").statusCode());
        HttpResponse<String> r = post("/api/v1/jobs", WIRE, callStream("fn one() { 1 }", "one", List.of()),
                "Shape-Connection", "AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(404, r.statusCode(), r.body());
    }
}
