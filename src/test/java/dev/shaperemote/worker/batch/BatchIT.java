package dev.shaperemote.worker.batch;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestPrograms;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.shaperemote.it.ItServer.await;
import static dev.shaperemote.it.ItServer.get;
import static dev.shaperemote.it.ItServer.getAs;
import static dev.shaperemote.it.ItServer.postAs;
import static dev.shaperemote.it.ItServer.json;
import static dev.shaperemote.it.ItServer.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code shape-map} Jakarta Batch job on the running server, through {@code /api/v1/batches}. */
class BatchIT {
    /** Batches over files on the server are for administrators; the tests read every batch as one (an admin sees all). */
    private static final String[] AS_ADMIN = {"Authorization", "Bearer " + TestTokens.ADMIN};

    @Test
    void aFileOnTheServerIsMappedInOrderAndBadRecordsBecomeErrLines() throws Exception {
        Path input = BATCH_INPUTS.resolve("small-" + UUID.randomUUID() + ".jsonl");
        Files.createDirectories(input.getParent());
        Files.writeString(input, String.join("\n",
                "[1]", "not json", "[2]", "{\"x\": 1}", "[0]", "[3, 4]", "", "[{\"Int\": 5}]") + "\n");
        String body = "{\"function\": \"tenth\", \"source\": \"fn tenth(x) { 10 / x }\", \"checkpoint\": 2, \"input\": \""
                + ItServer.BATCH_DIR.relativize(input) + "\"}";
        HttpResponse<String> started = post("/api/v1/batches", "application/json", body.getBytes(StandardCharsets.UTF_8), AS_ADMIN);
        assertEquals(201, started.statusCode(), started.body());
        String id = (String) json(started).fields.get("id");
        assertTrue(started.headers().firstValue("Location").orElse("").endsWith("/api/v1/batches/" + id));

        ObjectValue done = awaitStatus(id, "completed", Duration.ofSeconds(60));
        assertEquals(8L, done.fields.get("total"));
        assertEquals(8L, done.fields.get("done"));
        List<ObjectValue> lines = output(id);
        assertEquals(8, lines.size());
        for (int i = 0; i < lines.size(); i++) assertEquals((long) i, lines.get(i).fields.get("index"));
        assertEquals(10L, lines.get(0).fields.get("ok"));
        assertErr(lines.get(1), "ArgumentError");        // not JSON
        assertEquals(5L, lines.get(2).fields.get("ok"));
        assertErr(lines.get(3), "ArgumentError");        // not an argument list
        assertErr(lines.get(4), "RuntimeError");         // the call fails: division by zero
        assertErr(lines.get(5), "ArgumentError");        // wrong arity
        assertErr(lines.get(6), "ArgumentError");        // an empty line
        assertEquals(2L, lines.get(7).fields.get("ok")); // tagged JSON arguments
    }

    @Test
    void aSourceThatDoesNotCompileOrAPathOutsideTheBatchDirectoryIsRefused() throws Exception {
        HttpResponse<String> r = post("/api/v1/batches?function=f&source=" + URLEncoder.encode("fn f(x) { x +", StandardCharsets.UTF_8),
                "application/x-ndjson", "[1]\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        r = post("/api/v1/batches", "application/json",
                "{\"function\": \"f\", \"source\": \"fn f(x) { x }\", \"input\": \"../server.xml\"}".getBytes(StandardCharsets.UTF_8), AS_ADMIN);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(404, getAs(TestTokens.ADMIN, "/api/v1/batches/999999999").statusCode());
        assertEquals(403, post("/api/v1/batches", "application/json",
                "{\"function\": \"f\", \"source\": \"fn f(x) { x }\", \"input\": \"x.jsonl\"}".getBytes(StandardCharsets.UTF_8)).statusCode(),
                "a file on the server is the operator's: a caller cannot name one");
    }

    /**
     * A request stream of 300 records (WIRE.md section 2), uploaded as {@code application/x-shape-wire} and, the
     * same bytes, as a {@code .wire} file on the server: each Call's arguments go to the job's function (the Call
     * names another one, which is ignored); a frame that does not decode, a message that is not a Call and a
     * stream cut inside a length prefix are {@code err} lines of kind ProtocolError at their own index.
     */
    @Test
    void aRequestStreamIsMappedInOrderAndFramesThatDoNotDecodeBecomeErrLines() throws Exception {
        int n = 300, garbage = 137, ping = 200;
        Program other = ShapeCompiler.compile("fn other(a, b) { a * b }");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        WireStreamWriter writer = new WireStreamWriter(stream, true);
        for (int i = 0; i < n; i++) {
            if (i == garbage) writer.writeFrame(new byte[] {0, (byte) 0xC1, (byte) 0xC1, (byte) 0xFF}); // flags, then no MessagePack
            else if (i == ping) writer.write(new WireMessage.Ping());
            else writer.write(new WireMessage.Call(RemoteCalls.buildCallRequest(other, "other", List.of((long) i, 1L))));
        }
        stream.write(new byte[] {0, 0}); // a length prefix cut short: one more record
        byte[] body = stream.toByteArray();
        String source = URLEncoder.encode("fn add(a, b) { a + b }", StandardCharsets.UTF_8);

        HttpResponse<String> uploaded = post("/api/v1/batches?function=add&checkpoint=64&source=" + source, "application/x-shape-wire", body);
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        Path input = BATCH_INPUTS.resolve("calls-" + UUID.randomUUID() + ".wire");
        Files.createDirectories(input.getParent());
        Files.write(input, body);
        HttpResponse<String> onServer = post("/api/v1/batches", "application/json", ("{\"function\": \"add\", \"source\": \"fn add(a, b) { a + b }\", "
                + "\"checkpoint\": 64, \"input\": \"" + ItServer.BATCH_DIR.relativize(input) + "\"}").getBytes(StandardCharsets.UTF_8), AS_ADMIN);
        assertEquals(201, onServer.statusCode(), onServer.body());

        for (HttpResponse<String> started : List.of(uploaded, onServer)) {
            String id = (String) json(started).fields.get("id");
            assertEquals((long) n + 1, json(started).fields.get("total"));
            ObjectValue done = awaitStatus(id, "completed", Duration.ofSeconds(60));
            assertEquals((long) n + 1, done.fields.get("done"));
            List<ObjectValue> lines = output(id);
            assertEquals(n + 1, lines.size());
            for (int i = 0; i < n; i++) {
                assertEquals((long) i, lines.get(i).fields.get("index"));
                if (i == garbage || i == ping) assertErr(lines.get(i), "ProtocolError");
                else assertEquals((long) i + 1, lines.get(i).fields.get("ok"), lines.get(i).toString());
            }
            assertEquals((long) n, lines.get(n).fields.get("index"));
            assertErr(lines.get(n), "ProtocolError");
        }
    }

    /**
     * 100 000 calls, uploaded; the server's JVM is killed ({@code kill -9}) mid-run and started again; the worker
     * restarts the job by itself (shape.worker.batch.restart-on-start) from its last checkpoint: every index
     * 0..99999 appears exactly once, in order, with its result.
     */
    @Test
    void aBatchKilledMidRunIsRestartedAndCompletesWithEveryResultExactlyOnce() throws Exception {
        int n = 100_000;
        String id = upload(n, SPIN, 500);

        await("the batch to be under way", Duration.ofSeconds(60), () -> done(id) >= 5_000);
        ObjectValue beforeKill = json(getAs(TestTokens.ADMIN, "/api/v1/batches/" + id));
        ItServer.kill();
        assertNotEquals("completed", beforeKill.fields.get("status"), "the batch finished before the kill: " + beforeKill);
        assertTrue((Long) beforeKill.fields.get("done") < n, beforeKill.toString());
        ItServer.start();

        // No POST /restart: the application restarts it once it has started (the recovery marks the killed execution failed first).
        await("the start to restart the batch", Duration.ofSeconds(120),
                () -> !beforeKill.fields.get("execution").equals(status(id).fields.get("execution")));
        ObjectValue done = awaitStatus(id, "completed", Duration.ofSeconds(120));
        assertEquals((long) n, done.fields.get("done"));
        assertExactlyOnceInOrder(id, n);
    }

    /** A record that runs past the call deadline (shape.worker.call.timeout-ms, 5 s here) is a Timeout line; the job goes on. */
    @Test
    void aRecordPastTheCallDeadlineIsATimeoutErrLineAndTheJobGoesOn() throws Exception {
        String source = "fn f(n) {\n  if n == 1 {\n    let mut k = 0\n    while true { k = k + 1 }\n  }\n  n * 10\n}";
        HttpResponse<String> started = post("/api/v1/batches?function=f&source=" + URLEncoder.encode(source, StandardCharsets.UTF_8),
                "application/x-ndjson", "[0]\n[1]\n[2]\n[3]\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, started.statusCode(), started.body());
        String id = (String) json(started).fields.get("id");

        assertEquals(4L, awaitStatus(id, "completed", Duration.ofSeconds(120)).fields.get("done"));
        List<ObjectValue> lines = output(id);
        assertEquals(4, lines.size());
        assertEquals(0L, lines.get(0).fields.get("ok"));
        assertErr(lines.get(1), "Timeout");
        assertEquals(1L, lines.get(1).fields.get("index"));
        assertEquals(20L, lines.get(2).fields.get("ok"));
        assertEquals(30L, lines.get(3).fields.get("ok"));
    }

    /**
     * A drain pauses a running batch between records: no record starts while the worker drains, so progress stops
     * (checked over many polls of the paused batch), and after undrain the batch completes with every result.
     */
    @Test
    void aDrainPausesARunningBatchAndUndrainResumesItToCompletion() throws Exception {
        int n = SLOW_RECORDS;
        String id = upload(n, SLOW_SPIN, 500);
        await("the batch to be under way", Duration.ofSeconds(60), () -> done(id) >= 500);
        long pausedAt;
        try {
            assertEquals(200, post("/api/v1/admin/drain").statusCode());
            await("the batch to pause", Duration.ofSeconds(60), () -> Boolean.TRUE.equals(status(id).fields.get("paused")));
            ObjectValue paused = status(id);
            pausedAt = (Long) paused.fields.get("done");
            assertTrue(pausedAt < n, "the batch finished before the drain: " + paused);
            assertEquals("started", paused.fields.get("status"));
            int[] polls = {0};
            await("20 polls of the paused batch", Duration.ofSeconds(60), () -> {
                ObjectValue now = status(id);
                assertEquals(Boolean.TRUE, now.fields.get("paused"), now.toString());
                assertEquals(pausedAt, now.fields.get("done"), "a record ran while the worker drained: " + now);
                return ++polls[0] >= 20;
            });
            assertEquals(pausedAt, (long) output(id).size(), "the output holds what the batch reports done");
        } finally {
            assertEquals(200, post("/api/v1/admin/undrain").statusCode()); // never leave the server draining for other tests
        }
        ObjectValue done = awaitStatus(id, "completed", Duration.ofSeconds(180));
        assertEquals(Boolean.FALSE, done.fields.get("paused"));
        assertEquals((long) n, done.fields.get("done"));
        assertExactlyOnceInOrder(id, n);
    }

    /** A stop issued while a drain pauses the batch stops it; a restart after undrain finishes it, every result once. */
    @Test
    void aBatchPausedByADrainStopsOnRequestAndARestartFinishesIt() throws Exception {
        int n = SLOW_RECORDS;
        String id = upload(n, SLOW_SPIN, 500);
        await("the batch to be under way", Duration.ofSeconds(60), () -> done(id) >= 500);
        try {
            assertEquals(200, post("/api/v1/admin/drain").statusCode());
            await("the batch to pause", Duration.ofSeconds(60), () -> Boolean.TRUE.equals(status(id).fields.get("paused")));
            HttpResponse<String> stop = postAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/stop");
            assertEquals(202, stop.statusCode(), stop.body());
            await("the paused batch to stop", Duration.ofSeconds(60), () -> "stopped".equals(status(id).fields.get("status")));
            ObjectValue stopped = status(id);
            assertTrue((Long) stopped.fields.get("done") < n, stopped.toString());
            assertEquals(Boolean.FALSE, stopped.fields.get("paused"));
        } finally {
            assertEquals(200, post("/api/v1/admin/undrain").statusCode());
        }
        HttpResponse<String> restart = postAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/restart");
        assertEquals(202, restart.statusCode(), restart.body());
        assertEquals((long) n, awaitStatus(id, "completed", Duration.ofSeconds(180)).fields.get("done"));
        assertExactlyOnceInOrder(id, n);
        assertEquals(409, postAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/restart").statusCode(), "a completed batch does not restart");
    }

    /** Loop iterations per record in the crash test: enough that the kill lands mid-run, little enough to stay fast. */
    private static final int SPIN = 400;
    /** Records and loop iterations per record of the drain tests: long enough that a drain lands mid-run. */
    private static final int SLOW_RECORDS = 8_000;
    private static final int SLOW_SPIN = 50_000;
    private static final String SPIN_SOURCE = "fn f(i, spin) {\n  let mut k = 0\n  while k < spin { k = k + 1 }\n  i\n}";
    private static final Path BATCH_INPUTS = ItServer.BATCH_DIR.resolve("inputs");

    /** Uploads {@code n} records {@code [i, spin]} of {@link #SPIN_SOURCE} (which answers i); the batch's id. */
    private static String upload(int n, int spin, int checkpoint) throws Exception {
        StringBuilder records = new StringBuilder(n * 16);
        for (int i = 0; i < n; i++) records.append('[').append(i).append(", ").append(spin).append("]\n");
        HttpResponse<String> started = post("/api/v1/batches?function=f&checkpoint=" + checkpoint + "&source="
                + URLEncoder.encode(SPIN_SOURCE, StandardCharsets.UTF_8), "application/x-ndjson", records.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(201, started.statusCode(), started.body());
        assertEquals((long) n, json(started).fields.get("total"));
        return (String) json(started).fields.get("id");
    }

    /** The output is exactly {@code {"index":i,"ok":{"Int":i}}} for i in 0..n-1, in order. */
    private static void assertExactlyOnceInOrder(String id, int n) throws Exception {
        HttpResponse<String> out = getAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/output");
        assertEquals(200, out.statusCode());
        TestPrograms.assertIdentityOutput(out.body(), n);
    }

    private static ObjectValue status(String id) {
        try {
            return json(getAs(TestTokens.ADMIN, "/api/v1/batches/" + id));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET batch " + id + ": " + e, e);
        }
    }

    private static long done(String id) {
        try {
            return (Long) json(getAs(TestTokens.ADMIN, "/api/v1/batches/" + id)).fields.get("done");
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static ObjectValue awaitStatus(String id, String status, Duration timeout) throws Exception {
        ObjectValue[] last = new ObjectValue[1];
        await("batch " + id + " to be " + status, timeout, () -> {
            try {
                last[0] = json(getAs(TestTokens.ADMIN, "/api/v1/batches/" + id));
            } catch (IOException | InterruptedException e) {
                return false;
            }
            Object s = last[0].fields.get("status");
            if ("failed".equals(s) || "stopped".equals(s) || "abandoned".equals(s)) throw new AssertionError("batch ended " + last[0]);
            return status.equals(s);
        });
        return last[0];
    }

    private static List<ObjectValue> output(String id) throws Exception {
        HttpResponse<String> out = getAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/output");
        assertEquals(200, out.statusCode(), out.body());
        return out.body().lines().map(l -> assertInstanceOf(ObjectValue.class, JsonValues.parse(l), l)).toList();
    }

    private static void assertErr(ObjectValue line, String kind) {
        ObjectValue err = assertInstanceOf(ObjectValue.class, line.fields.get("err"), line.toString());
        assertEquals(kind, err.fields.get("kind"), line.toString());
        assertInstanceOf(String.class, err.fields.get("message"));
    }
}
