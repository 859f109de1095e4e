package dev.shaperemote.worker.batch;

import dev.shaperemote.it.ItServer;
import dev.shaperemote.it.SelfSignedTls;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.shaperemote.it.ItServer.URL;
import static dev.shaperemote.it.ItServer.await;
import static dev.shaperemote.it.ItServer.get;
import static dev.shaperemote.it.ItServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch speed run (docs/BENCHMARKS.md, section "Batch"), against one server in one run: the trivial call
 * {@code add(i, 1)} one by one over HTTP {@code POST /api/v1/wire} (warm, by hash, with a connection token),
 * one by one over JMS (the test application's {@code /it/jms/calls}, ShapeJmsClient in the server) and as one
 * {@code shape-map} batch job of a million records, from a JSONL and from a request-stream file written into the
 * server's batch directory (the upload is left out: it measures HTTP body transfer). Every answer is
 * checked; calls/s is what is compared. Off unless {@code -Dshape.bench.batch=true}; writes
 * {@code target/batch-throughput.txt}.
 */
@EnabledIfSystemProperty(named = "shape.bench.batch", matches = "true")
class BatchThroughputIT {
    static final int BATCH = Integer.getInteger("shape.bench.batch.records", 1_000_000);
    static final int HTTP_CALLS = Integer.getInteger("shape.bench.http.calls", 5_000);
    static final int JMS_CALLS = Integer.getInteger("shape.bench.jms.calls", 2_000);
    static final String SOURCE = "fn add(a, b) { a + b }";

    /** HTTP/1.1 keep-alive, as LoadRun: no h2c upgrade offer on every request. */
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SelfSignedTls.context()).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final StringBuilder report = new StringBuilder();

    @Test
    void aMillionTrivialCallsAsOneBatchAgainstOneByOneOverHttpAndJms() throws Exception {
        Program program = ShapeCompiler.compile(SOURCE);
        double http = http(program);
        double jms = jms(program);
        double batchJsonl = batch("JSONL", jsonl());
        double batchWire = batch("request stream", requestStream(program));
        report.append(String.format(Locale.ROOT, "batch (JSONL) / HTTP one by one: %.0fx; batch (JSONL) / JMS one by one: %.0fx%n",
                batchJsonl / http, batchJsonl / jms));
        report.append(String.format(Locale.ROOT, "batch (request stream) / HTTP: %.0fx; batch (request stream) / JMS: %.0fx%n",
                batchWire / http, batchWire / jms));
        System.out.print(report);
        Files.writeString(Path.of("target", "batch-throughput.txt"), report);
    }

    // ---------------------------------------------------------------- HTTP /api/v1/wire, warm by hash

    private double http(Program program) throws Exception {
        HttpResponse<String> opened = ItServer.post("/api/v1/connections");
        assertEquals(201, opened.statusCode(), opened.body());
        String token = (String) json(opened).fields.get("token");
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(program, "add");
        List<FunctionHash> known = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, wire(token, stream(offer))).knownHashes();
        check(wire(token, stream(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(program, "add", List.of(2L, 1L), known)))), 3L);
        List<FunctionHash> all = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, wire(token, stream(offer))).knownHashes();
        List<byte[]> bodies = new ArrayList<>(HTTP_CALLS);
        for (int i = 0; i < HTTP_CALLS; i++) {
            RemoteCallRequest warm = RemoteCalls.buildCallRequestNegotiated(program, "add", List.of((long) i, 1L), all);
            assertNull(warm.functionBlobs(), "the worker did not keep the blob");
            bodies.add(stream(new WireMessage.Call(warm)));
        }
        for (int i = 0; i < 1_000; i++) check(wire(token, bodies.get(i % HTTP_CALLS)), i % HTTP_CALLS + 1L); // warm-up
        long start = System.nanoTime();
        for (int i = 0; i < HTTP_CALLS; i++) check(wire(token, bodies.get(i)), i + 1L);
        return rate("HTTP POST /api/v1/wire, warm by hash, one by one", HTTP_CALLS, System.nanoTime() - start);
    }

    private static WireMessage wire(String token, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(TestTokens.request(URI.create(URL + "/api/v1/wire")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-shape-wire").header("Shape-Connection", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        List<WireMessage> answer = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
        assertEquals(1, answer.size());
        return answer.get(0);
    }

    // ---------------------------------------------------------------- JMS, through the test driver

    /** {@code add(2, 1)} with its blob (no connection over JMS here), {@link #JMS_CALLS} times from one client thread. */
    private double jms(Program program) throws Exception {
        byte[] request = stream(new WireMessage.Call(RemoteCalls.buildCallRequest(program, "add", List.of(2L, 1L))));
        jmsCalls(request, 200); // warm-up: JIT, connection pool, queues
        return rate("JMS (ShapeJmsClient, persistent, temporary reply queue), one by one", JMS_CALLS, jmsCalls(request, JMS_CALLS) * 1_000_000);
    }

    private static long jmsCalls(byte[] request, int count) throws Exception {
        HttpResponse<String> r = HTTP.send(TestTokens.request(URI.create(URL + "/it/jms/calls?count=" + count + "&concurrency=1"))
                .timeout(Duration.ofMinutes(10)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals((long) count, json(r).fields.get("answered"));
        return (Long) json(r).fields.get("millis");
    }

    // ---------------------------------------------------------------- the batch job

    private static Path jsonl() throws IOException {
        Path file = input(".jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < BATCH; i++) out.write(("[" + i + ", 1]\n").getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    /** One warm Call (by hash, no blobs) per record, as a wire client would write them. */
    private static Path requestStream(Program program) throws IOException {
        Path file = input(".wire");
        List<FunctionHash> all = new ArrayList<>(RemoteCalls.negotiationFor(program, "add").offeredHashes());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            WireStreamWriter writer = new WireStreamWriter(out, false);
            for (int i = 0; i < BATCH; i++) {
                writer.write(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(program, "add", List.of((long) i, 1L), all)));
            }
        }
        return file;
    }

    /** A new input file in the server's batch directory (this JVM shares the machine with the server). */
    private static Path input(String suffix) throws IOException {
        Path dir = ItServer.BATCH_DIR.resolve("inputs");
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "bench-", suffix);
    }

    /**
     * Starts the job over {@code input}, a file on the server (the format follows its name), and polls until it
     * completes; the rate is over the job's run, from the start answer (which includes counting the records).
     */
    private double batch(String form, Path input) throws Exception {
        String body = "{\"function\": \"add\", \"source\": \"" + SOURCE + "\", \"checkpoint\": 1000, \"input\": \""
                + ItServer.BATCH_DIR.relativize(input) + "\"}";
        long submit = System.nanoTime();
        HttpResponse<String> started = ItServer.post("/api/v1/batches", "application/json", body.getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        assertEquals(201, started.statusCode(), started.body());
        String id = (String) json(started).fields.get("id");
        assertEquals((long) BATCH, json(started).fields.get("total"));
        ObjectValue[] last = new ObjectValue[1];
        await("batch " + id + " to complete", Duration.ofMinutes(10), () -> {
            try {
                last[0] = json(get("/api/v1/batches/" + id));
            } catch (IOException | InterruptedException e) {
                return false;
            }
            Object s = last[0].fields.get("status");
            if ("failed".equals(s) || "stopped".equals(s) || "abandoned".equals(s)) throw new AssertionError("batch ended " + last[0]);
            return "completed".equals(s);
        });
        long took = System.nanoTime() - start;
        assertEquals((long) BATCH, last[0].fields.get("done"));
        Path output = ItServer.BATCH_DIR.resolve((String) last[0].fields.get("output"));
        assertEquals("{\"index\":" + (BATCH - 1) + ",\"ok\":{\"Int\":" + BATCH + "}}", lastLine(output));
        report.append(String.format(Locale.ROOT, "  (%s input %.1f MB, start and count %.2f s, output %.1f MB)%n", form,
                Files.size(input) / 1e6, (start - submit) / 1e9, Files.size(output) / 1e6));
        Files.delete(input);
        Files.delete(output);
        return rate("batch shape-map over a " + form + " file, checkpoint 1000", BATCH, took);
    }

    private static String lastLine(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            byte[] tail = new byte[(int) Math.min(len, 256)];
            f.seek(len - tail.length);
            f.readFully(tail);
            String s = new String(tail, StandardCharsets.UTF_8);
            assertTrue(s.endsWith("\n"), s);
            String[] lines = s.split("\n");
            return lines[lines.length - 1];
        }
    }

    // ---------------------------------------------------------------- helpers

    private double rate(String what, int calls, long nanos) {
        double perSecond = calls / (nanos / 1e9);
        report.append(String.format(Locale.ROOT, "%s: %d calls in %.2f s = %.0f calls/s%n", what, calls, nanos / 1e9, perSecond));
        return perSecond;
    }

    private static void check(WireMessage answer, long expected) {
        WireMessage.RemoteCallResponse r = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer);
        assertTrue(r.isOk(), String.valueOf(r.error()));
        assertEquals(expected, r.value());
    }

    private static byte[] stream(WireMessage m) { return WireStreamWriter.toBytes(List.of(m), true); }
}
