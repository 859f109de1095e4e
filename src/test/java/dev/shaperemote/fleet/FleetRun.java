package dev.shaperemote.fleet;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.it.SelfSignedTls;
import dev.shaperemote.it.TestTokens;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded measurements of a fleet on loopback (docs/BENCHMARKS.md, "Fleet"). Not a test: run it against
 * running workers of one fleet ({@code liberty/fleet up}).
 *
 * <ul>
 *   <li>{@code bytes A B}: opens a connection on worker A, sends {@code add}'s blob with a cold call on A, then
 *       negotiates and calls by hash on A and on B, and prints each request stream's and answer's size; then
 *       100 warm calls on each and the delta of that worker's {@code shape_bytes_in_total} /
 *       {@code shape_bytes_out_total} (read from its management port, the HTTP port plus 100, with the build's
 *       administrator).</li>
 *   <li>{@code spread SECONDS CONCURRENCY SET...}: each SET a comma list of worker URLs; for each in the order
 *       given, a warm-up of half SECONDS then SECONDS of closed-loop warm calls by hash taking the set's workers in
 *       turn (one connection, opened and given the blob on the set's first worker). Prints calls/s and latency per
 *       set and each set's calls/s against the first set's.</li>
 * </ul>
 */
public final class FleetRun {
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SelfSignedTls.context())
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private static final Program PROGRAM = ShapeCompiler.compile("fn add(a, b) { a + b }");

    private FleetRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("bytes")) {
            bytes(args[1], args[2]);
        } else if (args.length >= 4 && args[0].equals("spread")) {
            spread(Double.parseDouble(args[1]), Integer.parseInt(args[2]), Arrays.copyOfRange(args, 3, args.length));
        } else {
            System.err.println("usage: FleetRun bytes URL_A URL_B | FleetRun spread SECONDS CONCURRENCY URL[,URL...]...");
            System.exit(2);
        }
    }

    // ---- bytes ----

    private static void bytes(String a, String b) throws Exception {
        String token = connection(a);
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "add");
        byte[] offerBody = stream(offer);
        System.out.println("| step | worker | request stream bytes | answer bytes | answer |");
        System.out.println("|---|---|---:|---:|---|");
        Exchange n0 = exchange(a, token, offerBody);
        row("negotiation before any blob", "A", n0);
        List<FunctionHash> known = ((WireMessage.BlobNegotiationResponse) n0.message).knownHashes();
        Exchange cold = exchange(a, token, stream(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(PROGRAM, "add", List.of(2L, 3L), known))));
        check(cold.message);
        row("cold call (with the blob)", "A", cold);
        byte[] warmBody = null;
        for (String[] w : new String[][] {{"A", a}, {"B", b}}) {
            Exchange n = exchange(w[1], token, offerBody);
            row("negotiation", w[0], n);
            RemoteCallRequest warm = RemoteCalls.buildCallRequestNegotiated(PROGRAM, "add", List.of(2L, 3L),
                    ((WireMessage.BlobNegotiationResponse) n.message).knownHashes());
            if (warm.functionBlobs() != null) throw new IllegalStateException("worker " + w[0] + " does not know the blob sent to A");
            byte[] body = stream(new WireMessage.Call(warm));
            if (warmBody != null && !Arrays.equals(body, warmBody)) throw new IllegalStateException("the warm call differs between A and B");
            warmBody = body;
            Exchange call = exchange(w[1], token, body);
            check(call.message);
            row("warm call (by hash)", w[0], call);
        }
        // The workers' own counters over 100 warm calls each (nothing else calls them during the run).
        int calls = 100;
        System.out.println();
        System.out.println("| worker | warm calls | shape_bytes_in_total delta | per call | shape_bytes_out_total delta | per call |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String[] w : new String[][] {{"A", a}, {"B", b}}) {
            long[] before = meter(w[1]);
            for (int i = 0; i < calls; i++) check(exchange(w[1], token, warmBody).message);
            long[] after = meter(w[1]);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %d | %.1f |%n", w[0], calls, after[0] - before[0],
                    (after[0] - before[0]) / (double) calls, after[1] - before[1], (after[1] - before[1]) / (double) calls);
        }
        close(a, token);
    }

    private record Exchange(int requestBytes, int answerBytes, WireMessage message) {}

    private static Exchange exchange(String url, String token, byte[] body) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(wire(url, token, body), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(url + "/api/v1/wire answered " + r.statusCode());
        return new Exchange(body.length, r.body().length, single(r.body()));
    }

    private static void row(String step, String worker, Exchange e) {
        String what = e.message instanceof WireMessage.BlobNegotiationResponse n ? "knows " + n.knownHashes().size() + " of 1 hash"
                : e.message.getClass().getSimpleName();
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %s |%n", step, worker, e.requestBytes, e.answerBytes, what);
    }

    private static final Pattern METER = Pattern.compile("^shape_bytes_(in|out)_total\\{[^}]*\\}\\s+([0-9.eE+]+)", Pattern.MULTILINE);

    /** {bytes in, bytes out} of the worker at {@code url}, from its management port (HTTP port + 100). */
    private static long[] meter(String url) throws Exception {
        URI u = URI.create(url);
        String[] login = TestTokens.adminLogin();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("https://" + u.getHost() + ":" + (u.getPort() + 100) + "/metrics?scope=application"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login[0] + ":" + login[1]).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("/metrics answered " + r.statusCode());
        long[] m = new long[2];
        Matcher matcher = METER.matcher(r.body());
        while (matcher.find()) m[matcher.group(1).equals("in") ? 0 : 1] = (long) Double.parseDouble(matcher.group(2));
        return m;
    }

    // ---- spread ----

    private record Result(String set, long calls, double seconds, long[] latenciesNanos) {
        double perSecond() { return calls / seconds; }

        double percentileMicros(double p) {
            int i = (int) Math.min(latenciesNanos.length - 1, Math.max(0, Math.ceil(p * latenciesNanos.length) - 1));
            return latenciesNanos[i] / 1_000.0;
        }
    }

    private static void spread(double seconds, int concurrency, String[] sets) throws Exception {
        System.out.printf(Locale.ROOT, "spread: concurrency %d, %.0f s per set (plus %.0f s warm-up)%n", concurrency, seconds, seconds / 2);
        List<Result> results = new ArrayList<>();
        for (String set : sets) {
            String[] urls = set.split(",");
            String token = connection(urls[0]);
            WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "add");
            List<FunctionHash> known = ((WireMessage.BlobNegotiationResponse) single(post(urls[0], token, stream(offer)))).knownHashes();
            check(single(post(urls[0], token, stream(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(PROGRAM, "add", List.of(2L, 3L), known))))));
            known = ((WireMessage.BlobNegotiationResponse) single(post(urls[0], token, stream(offer)))).knownHashes();
            RemoteCallRequest warm = RemoteCalls.buildCallRequestNegotiated(PROGRAM, "add", List.of(2L, 3L), known);
            if (warm.functionBlobs() != null) throw new IllegalStateException("the worker did not keep the blob");
            byte[] body = stream(new WireMessage.Call(warm));
            HttpRequest[] requests = new HttpRequest[urls.length];
            for (int i = 0; i < urls.length; i++) {
                requests[i] = wire(urls[i], token, body);
                check(single(post(urls[i], token, body))); // every worker of the set answers by hash before the run
            }
            run(set, requests, concurrency, seconds / 2);
            results.add(run(set, requests, concurrency, seconds));
            close(urls[0], token);
        }
        System.out.println("| workers | calls | calls/s | p50 µs | p99 µs | calls/s against the first set |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.2f |%n", r.set(), r.calls(), r.perSecond(),
                    r.percentileMicros(0.5), r.percentileMicros(0.99), r.perSecond() / results.get(0).perSecond());
        }
    }

    /** {@code concurrency} closed-loop clients for {@code seconds}, each call to the next worker in turn; every answer is checked. */
    private static Result run(String set, HttpRequest[] requests, int concurrency, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong turn = new AtomicLong();
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
                        HttpRequest request = requests[(int) (turn.getAndIncrement() % requests.length)];
                        long start = System.nanoTime();
                        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - start;
                        if (r.statusCode() != 200) throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
                        check(single(r.body()));
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
        for (Throwable f : failure) if (f != null) throw new IllegalStateException(set + " failed", f);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(set, all.length, elapsed, all);
    }

    // ---- wire helpers (as LoadRun's) ----

    private static void check(WireMessage answer) {
        if (!(answer instanceof WireMessage.RemoteCallResponse r) || !r.isOk() || !Long.valueOf(5L).equals(r.value())) {
            throw new IllegalStateException("unexpected answer " + answer);
        }
    }

    private static byte[] stream(WireMessage m) { return WireStreamWriter.toBytes(List.of(m), true); }

    private static WireMessage single(byte[] body) { return WireStreamReader.readAll(body, WireLimits.DEFAULT).get(0); }

    private static HttpRequest wire(String url, String token, byte[] body) {
        return TestTokens.request(URI.create(url + "/api/v1/wire")).header("Content-Type", "application/x-shape-wire")
                .header("Shape-Connection", token).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] post(String url, String token, byte[] body) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(wire(url, token, body), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(url + "/api/v1/wire answered " + r.statusCode());
        return r.body();
    }

    private static String connection(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(TestTokens.request(URI.create(url + "/api/v1/connections"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 201) throw new IllegalStateException("POST /api/v1/connections answered " + r.statusCode() + ": " + r.body());
        return r.body().replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static void close(String url, String token) throws Exception {
        HTTP.send(TestTokens.request(URI.create(url + "/api/v1/connections")).header("Shape-Connection", token).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
