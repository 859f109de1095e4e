package dev.shaperemote.worker;

import dev.shaperemote.it.SelfSignedTls;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded load run on loopback (the worker's speed): a warm trivial call over {@code POST /api/v1/wire}
 * with a connection token (negotiated once, then called by hash) against {@code POST /it/echo} (the
 * integration-test application's echo, deployed on the same server) with a body of the same size, at each
 * concurrency, in the same run. Not a test: run it against a running server that also serves the test
 * application (docs/BENCHMARKS.md, section "Worker", has the commands).
 *
 * <p>Arguments: {@code [baseUrl] [seconds per measurement] [concurrency...]}, defaults
 * {@code http://localhost:9080 10 1 16}. Each (endpoint, concurrency) pair gets a warm-up of half the
 * measured time; the pairs alternate call, echo, call, echo so drift in machine load hits both alike.
 */
public final class LoadRun {
    /** The goals (docs/BENCHMARKS.md "Worker"): a warm call at most 1.2 times echo's p50 at concurrency 1, at least 0.85 times its calls/s at 16. */
    private static final double P50_GOAL_AT_1 = 1.2;
    private static final double THROUGHPUT_GOAL_AT_16 = 0.85;
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SelfSignedTls.context()).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private LoadRun() {}

    record Result(String name, int concurrency, long calls, double seconds, long[] latenciesNanos) {
        double perSecond() { return calls / seconds; }

        double percentileMicros(double p) {
            int i = (int) Math.min(latenciesNanos.length - 1, Math.max(0, Math.ceil(p * latenciesNanos.length) - 1));
            return latenciesNanos[i] / 1_000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:9080";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int[] concurrencies = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 16};

        Program program = ShapeCompiler.compile("fn add(a, b) { a + b }");
        String token = connection(url);
        // Negotiate once and send the blob once; every measured call then goes by hash alone.
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(program, "add");
        List<FunctionHash> known = ((WireMessage.BlobNegotiationResponse) send(url, token, stream(offer))).knownHashes();
        check(send(url, token, stream(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(program, "add", List.of(2L, 3L), known)))));
        known = ((WireMessage.BlobNegotiationResponse) send(url, token, stream(offer))).knownHashes();
        RemoteCallRequest warm = RemoteCalls.buildCallRequestNegotiated(program, "add", List.of(2L, 3L), known);
        if (warm.functionBlobs() != null) throw new IllegalStateException("the worker did not keep the blob");
        byte[] callBody = stream(new WireMessage.Call(warm));
        check(send(url, token, callBody));
        byte[] echoBody = new byte[callBody.length];
        Arrays.fill(echoBody, (byte) 'x');

        HttpRequest call = TestTokens.request(URI.create(url + "/api/v1/wire")).header("Content-Type", "application/x-shape-wire")
                .header("Shape-Connection", token).POST(HttpRequest.BodyPublishers.ofByteArray(callBody)).build();
        HttpRequest echo = TestTokens.request(URI.create(url + "/it/echo")).header("Content-Type", "application/x-shape-wire")
                .POST(HttpRequest.BodyPublishers.ofByteArray(echoBody)).build();

        System.out.printf(Locale.ROOT, "load run against %s: body %d bytes, %.0f s per measurement (plus %.0f s warm-up)%n",
                url, callBody.length, seconds, seconds / 2);
        List<Result> results = new ArrayList<>();
        for (int c : concurrencies) {
            run("wire call", call, c, seconds / 2, true);
            run("echo", echo, c, seconds / 2, false);
            results.add(run("wire call", call, c, seconds, true));
            results.add(run("echo", echo, c, seconds, false));
        }
        System.out.println("| endpoint | concurrency | calls | calls/s | p50 µs | p99 µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f |%n", r.name(), r.concurrency(), r.calls(), r.perSecond(),
                    r.percentileMicros(0.50), r.percentileMicros(0.99));
        }
        for (int i = 0; i < results.size(); i += 2) {
            Result w = results.get(i), e = results.get(i + 1);
            double p50 = w.percentileMicros(0.5) / e.percentileMicros(0.5), tput = w.perSecond() / e.perSecond();
            // The goals of docs/BENCHMARKS.md "Worker": latency at concurrency 1, throughput at 16 (other pairs are shown, not judged).
            String p50Goal = w.concurrency() == 1 ? (p50 <= P50_GOAL_AT_1 ? " (goal <= 1.2: met)" : " (goal <= 1.2: MISSED)") : "";
            String tputGoal = w.concurrency() == 16 ? (tput >= THROUGHPUT_GOAL_AT_16 ? " (goal >= 0.85: met)" : " (goal >= 0.85: MISSED)") : "";
            System.out.printf(Locale.ROOT, "concurrency %d: p50 ratio %.2f%s, throughput ratio %.2f%s%n",
                    w.concurrency(), p50, p50Goal, tput, tputGoal);
        }
        HTTP.send(TestTokens.request(URI.create(url + "/api/v1/connections")).header("Shape-Connection", token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** {@code concurrency} closed-loop clients for {@code seconds}; every answer is checked. */
    private static Result run(String name, HttpRequest request, int concurrency, double seconds, boolean wire) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] latencies = new long[concurrency][];
        Throwable[] failure = new Throwable[concurrency];
        Thread[] clients = new Thread[concurrency];
        for (int t = 0; t < concurrency; t++) {
            int id = t;
            clients[t] = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - start;
                        if (r.statusCode() != 200) throw new IllegalStateException(name + " answered " + r.statusCode());
                        if (wire) check(single(r.body()));
                        if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                        lat[n++] = took;
                    }
                } catch (Throwable e) {
                    failure[id] = e;
                }
                latencies[id] = Arrays.copyOf(lat, n);
            });
            clients[t].start();
        }
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : clients) t.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Throwable f : failure) if (f != null) throw new IllegalStateException(name + " failed", f);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, concurrency, all.length, elapsed, all);
    }

    private static void check(WireMessage answer) {
        if (!(answer instanceof WireMessage.RemoteCallResponse r) || !r.isOk() || !Long.valueOf(5L).equals(r.value())) {
            throw new IllegalStateException("unexpected answer " + answer);
        }
    }

    private static byte[] stream(WireMessage m) { return WireStreamWriter.toBytes(List.of(m), true); }

    private static WireMessage single(byte[] body) { return WireStreamReader.readAll(body, WireLimits.DEFAULT).get(0); }

    private static WireMessage send(String url, String token, byte[] body) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(TestTokens.request(URI.create(url + "/api/v1/wire"))
                .header("Content-Type", "application/x-shape-wire").header("Shape-Connection", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("/api/v1/wire answered " + r.statusCode());
        return single(r.body());
    }

    private static String connection(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(TestTokens.request(URI.create(url + "/api/v1/connections"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 201) throw new IllegalStateException("POST /api/v1/connections answered " + r.statusCode() + ": " + r.body());
        return r.body().replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
