package dev.shaperemote.worker.batch;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Upload speed of batch inputs (docs/BENCHMARKS.md, "Batch uploads"): the same bytes POSTed to
 * {@code /api/v1/batches} (stored under the batch directory, counted, job started) and to {@code /it/echo}
 * (the integration-test application's echo on the same server: read and sent back, the reference), by a JDK client speaking HTTP/1.1 and one speaking HTTP/2 (the JDK
 * client's default: an h2c upgrade on the first request, then HTTP/2 frames), plus the bytes written to a local
 * file with an fsync. Each started job is stopped at once, so it does not load the next measurement. Not a test:
 * run it against a running server that also serves the test application (docs/BENCHMARKS.md, "Batch uploads").
 *
 * <p>Arguments: {@code [baseUrl] [repetitions] [jsonl records] [request-stream records]}, defaults
 * {@code http://localhost:9080 5 1000000 100000} (11.9 MB and 15.2 MB). The median of the repetitions is reported.
 */
public final class UploadRun {
    private static final String SOURCE = "fn add(a, b) { a + b }";

    private UploadRun() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:9080";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int jsonlRecords = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int wireRecords = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;

        List<String> report = new ArrayList<>();
        measure(url, reps, "JSONL", "application/x-ndjson", jsonl(jsonlRecords), report);
        measure(url, reps, "request stream", "application/x-shape-wire", requestStream(wireRecords), report);
        report.forEach(System.out::println);
    }

    private static void measure(String url, int reps, String form, String type, byte[] body, List<String> report) throws Exception {
        double file = fileMbPerSecond(body, reps);
        double[] upload = new double[2];
        HttpClient.Version[] versions = {HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2};
        for (int v = 0; v < versions.length; v++) {
            HttpClient client = HttpClient.newBuilder().version(versions[v]).connectTimeout(Duration.ofSeconds(10)).build();
            post(client, url, "/it/echo", type, body); // warm-up, and the h2c upgrade of the HTTP/2 client's connection
            stop(client, url, post(client, url, batches(), type, body));
            double[] echo = new double[reps];
            double[] batch = new double[reps];
            for (int i = 0; i < reps; i++) { // alternated, so drift in machine load hits both alike
                echo[i] = timed(() -> post(client, url, "/it/echo", type, body), body.length);
                String[] started = new String[1];
                batch[i] = timed(() -> started[0] = post(client, url, batches(), type, body), body.length);
                stop(client, url, started[0]);
            }
            upload[v] = median(batch);
            report.add(String.format(Locale.ROOT, "%s %.1f MB, %s: upload %.1f MB/s, echo %.1f MB/s, upload/echo %.2f, upload/file %.3f",
                    form, body.length / 1e6, versions[v], upload[v], median(echo), upload[v] / median(echo), upload[v] / file));
        }
        report.add(String.format(Locale.ROOT, "%s: file write + fsync %.1f MB/s; upload HTTP/2 / upload HTTP/1.1 %.2f",
                form, file, upload[1] / upload[0]));
    }

    private static String batches() { return "/api/v1/batches?function=add&source=" + URLEncoder.encode(SOURCE, StandardCharsets.UTF_8); }

    private interface Request {
        void send() throws Exception;
    }

    private static double timed(Request r, long bytes) throws Exception {
        long start = System.nanoTime();
        r.send();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The response body; fails unless 200 or 201. */
    private static String post(HttpClient client, String url, String path, String type, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(TestTokens.request(URI.create(url + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    /** Stops the batch an upload started and waits until it no longer runs. */
    private static void stop(HttpClient client, String url, String started) throws Exception {
        String id = (String) ((ObjectValue) JsonValues.parse(started)).fields.get("id");
        client.send(TestTokens.request(URI.create(url + "/api/v1/batches/" + id + "/stop")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        for (int i = 0; i < 600; i++) {
            String status = (String) ((ObjectValue) JsonValues.parse(client.send(TestTokens.request(URI.create(url + "/api/v1/batches/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body())).fields.get("status");
            if (!"starting".equals(status) && !"started".equals(status) && !"stopping".equals(status)) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("batch " + id + " did not stop");
    }

    private static double fileMbPerSecond(byte[] body, int reps) throws IOException {
        Path file = Files.createTempFile("upload-run", ".bin");
        try {
            double[] rates = new double[reps];
            for (int i = 0; i < reps; i++) {
                long start = System.nanoTime();
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(body);
                    while (b.hasRemaining()) out.write(b);
                    out.force(false);
                }
                rates[i] = body.length / 1e6 / ((System.nanoTime() - start) / 1e9);
            }
            return median(rates);
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] jsonl(int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records * 12);
        for (int i = 0; i < records; i++) out.writeBytes(("[" + i + ", 1]\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** One warm Call (by hash, no blobs) per record, as BatchThroughputIT writes them. */
    private static byte[] requestStream(int records) throws IOException {
        Program program = ShapeCompiler.compile(SOURCE);
        List<FunctionHash> all = new ArrayList<>(RemoteCalls.negotiationFor(program, "add").offeredHashes());
        ByteArrayOutputStream out = new ByteArrayOutputStream(records * 152);
        WireStreamWriter writer = new WireStreamWriter(out, false);
        for (int i = 0; i < records; i++) {
            writer.write(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(program, "add", List.of((long) i, 1L), all)));
        }
        return out.toByteArray();
    }
}
