package dev.shaperemote.worker.jobs;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.shaperemote.it.ItServer.await;
import static dev.shaperemote.it.ItServer.get;
import static dev.shaperemote.it.ItServer.json;
import static dev.shaperemote.it.ItServer.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Jobs over REST ({@code /api/v1/jobs}) on the running server. */
class JobsIT {
    static final String WIRE = "application/x-shape-wire";
    /** The server's shape.worker.jobs.dir (the default, relative to the server's output directory). */
    static final Path JOBS_DIR = ItServer.JOBS_DIR;
    /** Counts to {@code n} and answers {@code r}: a call that keeps a pool slot busy for a while. */
    /**
     * Counts to n. The step is read from an array, which the JIT does not compile, so the loop runs interpreted
     * and its time does not depend on when on-stack replacement takes it over: the crash test needs the long
     * ones still running when the server is killed.
     */
    static final String SPIN = "fn spin(n, r) {\n  let mut k = 0\n  let step = [1]\n  while k < n { k = k + step[0] }\n  r\n}";

    static byte[] callStream(String source, String function, List<Object> args) {
        WireMessage call = new WireMessage.Call(RemoteCalls.buildCallRequest(ShapeCompiler.compile(source), function, args));
        return WireStreamWriter.toBytes(List.of(call), false);
    }

    static byte[] stream(WireMessage request) { return WireStreamWriter.toBytes(List.of(request), false); }

    static byte[] spin(long n, long r) { return callStream(SPIN, "spin", List.of(n, r)); }

    /** Submits a request stream as a job; answers the job's path. */
    static String accept(byte[] stream, String... headers) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/jobs", WIRE, stream, headers);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        String path = URI.create(location).getPath();
        assertTrue(path.matches("/api/v1/jobs/[0-9a-f-]{36}"), location);
        assertEquals(path.substring(path.lastIndexOf('/') + 1), json(accepted).fields.get("id"));
        return path;
    }

    static Object status(String path) throws Exception { return json(get(path)).fields.get("status"); }

    /** Submits a request stream and waits until its job has finished; answers the job's path. */
    static String runJob(byte[] stream, String... headers) throws Exception {
        String path = accept(stream, headers);
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
        // The test server keeps answers 12 s (shape.worker.jobs.retention-seconds in the pom): long enough to outlast a slow restart in the crash test.
        String path = runJob(callStream("fn one() { 1 }", "one", List.of()));
        assertEquals(200, get(path).statusCode());
        Path files = JOBS_DIR.resolve(path.substring(path.lastIndexOf('/') + 1));
        assertTrue(Files.exists(files.resolve("response")), "the answer is on disk: " + files);
        await("the answer to be dropped", Duration.ofSeconds(30), () -> {
            try {
                return get(path).statusCode() == 404;
            } catch (Exception e) {
                return false;
            }
        });
        assertFalse(Files.exists(files), "a dropped job's files are deleted: " + files);
    }

    @Test
    void anExecuteJobAndValidateJobsAreAnswered() throws Exception {
        String execute = runJob(stream(new WireMessage.Execute("let x = 20\nprint(\"hi\")\nx * 2 + 2", 11)));
        assertEquals("done", status(execute));
        WireMessage.ExecuteResponse ran = assertInstanceOf(WireMessage.ExecuteResponse.class, answer(execute));
        assertTrue(ran.success(), ran.toString());
        assertEquals(42L, ran.value());
        assertEquals(11L, ran.requestId());
        assertTrue(ran.stdout().contains("hi"), ran.stdout());

        WireMessage.ValidateResponse valid = assertInstanceOf(WireMessage.ValidateResponse.class,
                answer(runJob(stream(new WireMessage.Validate("fn f(x) { x + 1 }", 12)))));
        assertTrue(valid.success(), valid.toString());
        assertEquals(12L, valid.requestId());
        WireMessage.ValidateResponse invalid = assertInstanceOf(WireMessage.ValidateResponse.class,
                answer(runJob(stream(new WireMessage.Validate("fn f(x { x + 1 }", 13)))));
        assertFalse(invalid.success());
        assertFalse(invalid.diagnostics().isEmpty());
    }

    /**
     * Four jobs are accepted (two take the pool's slots, two wait in its queue, one of them a warm call by
     * hash on a connection), the server's JVM is killed ({@code kill -9}) and started again: every job is run
     * again from the start and answered. The connection is gone after the restart, so the warm call is
     * answered as a call whose function the worker does not hold.
     */
    @Test
    void jobsQueuedOrRunningWhenTheServerIsKilledAreAnsweredAfterItStartsAgain() throws Exception {
        String token = (String) json(ItServer.post("/api/v1/connections")).fields.get("token");
        Program add = ShapeCompiler.compile("fn add(a, b) { a + b }");
        String cold = runJob(stream(new WireMessage.Call(RemoteCalls.buildCallRequest(add, "add", List.of(1L, 2L)))),
                "Shape-Connection", token);
        assertEquals(3L, assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(cold)).value());

        String first = accept(spin(SPIN_LONG, 1));
        String second = accept(spin(SPIN_LONG, 2));
        String queued = accept(spin(SPIN_SHORT, 3));
        String warm = accept(stream(new WireMessage.Call(
                RemoteCalls.buildCallRequestNegotiated(add, "add", List.of(2L, 2L), add.blobs().keySet()))), "Shape-Connection", token);
        for (String path : List.of(first, second, queued)) {
            Object status = status(path);
            assertTrue(Set.of("queued", "running").contains(status), path + " is " + status + " before the kill");
        }
        ItServer.kill();
        ItServer.start();

        Map<String, WireMessage> answers = awaitAnswers(List.of(first, second, queued, warm));
        // All three run again from the start on a cold JVM: their value, or (on a slow or loaded machine, where the
        // queued one waits behind the long ones) a Timeout answer, which shows just as well that they were run
        // again rather than lost.
        assertRanAgain(1L, answers.get(first));
        assertRanAgain(2L, answers.get(second));
        assertRanAgain(3L, answers.get(queued));
        // The warm one names blobs the new JVM never got: FunctionNotFound, or like the others a Timeout when the
        // cold JVM, busy with the two long ones, could not answer it within the test server's 5 s.
        WireMessage.RemoteCallResponse lost = assertInstanceOf(WireMessage.RemoteCallResponse.class, answers.get(warm));
        assertTrue(lost.error() != null && List.of("FunctionNotFound", "Timeout").contains(lost.error().kind()), lost.toString());
    }

    @Test
    void whileTheWorkerDrainsANewJobIsRefusedAndOneAcceptedBeforeFinishes() throws Exception {
        String before = accept(spin(SPIN_SHORT, 5));
        try {
            assertEquals(200, ItServer.post("/api/v1/admin/drain").statusCode());
            HttpResponse<String> refused = post("/api/v1/jobs", WIRE, spin(1, 6));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertEquals("Overloaded", json(refused).fields.get("kind"));

            Map<String, WireMessage> answers = awaitAnswers(List.of(before));
            assertEquals(5L, assertInstanceOf(WireMessage.RemoteCallResponse.class, answers.get(before)).value());
            assertEquals(true, json(get("/api/v1/admin/stats")).fields.get("draining"));
        } finally {
            assertEquals(200, ItServer.post("/api/v1/admin/undrain").statusCode()); // never leave the server draining for other tests
        }
        String after = runJob(spin(1, 7));
        assertEquals(7L, assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(after)).value());
    }

    private static void assertRanAgain(long value, WireMessage answer) {
        WireMessage.RemoteCallResponse r = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer);
        if (r.error() != null) assertEquals("Timeout", r.error().kind(), r.toString()); else assertEquals(value, r.value());
    }

    /** Loop counts of the crash test: the long ones outlast the kill, and the queued one's wait plus run stays within the 5 s call timeout. */
    private static final long SPIN_LONG = 15_000_000;
    private static final long SPIN_SHORT = 4_000_000;

    /**
     * Polls all the jobs together until each is done and answers their response messages. A finished job is
     * kept only 12 s on the test server, so each is fetched as soon as it is seen finished.
     */
    private static Map<String, WireMessage> awaitAnswers(List<String> paths) throws Exception {
        Map<String, WireMessage> answers = new LinkedHashMap<>();
        await("the jobs " + paths + " to be answered", Duration.ofSeconds(90), () -> {
            try {
                for (String path : paths) {
                    if (answers.containsKey(path)) continue;
                    // One request answers both "finished?" and the answer, so the short retention of the test server
                    // cannot drop a job between the two.
                    HttpResponse<byte[]> r = ItServer.getBytes(path, WIRE);
                    assertNotEquals(404, r.statusCode(), path + " was lost, or dropped before the test saw it finished");
                    if (r.headers().firstValue("Content-Type").orElse("").startsWith(WIRE)) {
                        List<WireMessage> messages = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
                        assertEquals(1, messages.size());
                        answers.put(path, messages.get(0));
                    }
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception notYet) {
                return false;
            }
            return answers.size() == paths.size();
        });
        return answers;
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
