package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
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
import java.util.List;
import java.util.Locale;

/**
 * What authentication costs a warm call (docs/BENCHMARKS.md, section "Authentication"): the same warm
 * call by hash on a connection ({@code POST /api/v1/wire} with {@code Shape-Connection}, {@code add(2, 3)}) against
 * two servers running at once, the worker from before authentication (no token) and the current one (every
 * request with {@code Authorization: Bearer}), alternating between the two call by call so that machine load hits
 * both alike. Not a test: run it against two running servers.
 *
 * <p>Arguments: {@code oldUrl newUrl [warm-up calls] [measured calls] [concurrency...]}, defaults
 * {@code 2000 5000 1}. The bearer token of the new server is {@code SHAPE_REMOTE_TOKEN} (as
 * {@code shape-remote token} prints it), else one minted with this checkout's development key.
 *
 * <p>At concurrency 1 one client thread alternates old and new on every call (the order swapped every other pair).
 * At a higher concurrency the servers alternate in rounds: all threads call one server for a round of calls each,
 * then the other, the order swapped every round, so each server sees its own concurrent load, never the other's
 * clients at the same time. Two controls follow the warm call, alternated the same way at concurrency 1:
 * {@code POST /api/v1/echo} with a body of the call's size (authenticated on the new server, a synchronous JAX-RS
 * method on both: the cost of the token check without the worker's call path) and {@code GET /api/v1/ping}
 * (open on both servers: what else differs between the two servers).
 */
public final class AuthCostRun {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final int BLOCKS = 5;

    private AuthCostRun() {}

    /** One server: its URL, the bearer token it needs (null: none) and its requests. */
    static final class Server {
        final String name;
        final String url;
        final String bearer;
        String connection;
        HttpRequest call;
        HttpRequest echo;
        HttpRequest ping;

        Server(String name, String url, String bearer) {
            this.name = name;
            this.url = url;
            this.bearer = bearer;
        }

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path));
            return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: AuthCostRun oldUrl newUrl [warm-up] [measured] [concurrency...]");
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        int[] concurrencies = args.length > 4 ? Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1};
        String token = System.getenv("SHAPE_REMOTE_TOKEN");
        if (token == null || token.isBlank()) token = TestTokens.caller("auth-cost-run");

        Server old = new Server("old (57057b4, no auth)", args[0], null);
        Server now = new Server("new (bearer token)", args[1], token.strip());
        Program program = ShapeCompiler.compile("fn add(a, b) { a + b }");
        for (Server s : List.of(old, now)) prepare(s, program);
        System.out.printf(Locale.ROOT, "auth cost run: old %s, new %s; warm call body %d bytes; %d warm-up and %d measured calls each%n",
                old.url, now.url, bodyLength(old.call), warmup, measured);

        List<String> rows = new ArrayList<>();
        for (int c : concurrencies) {
            if (c == 1) {
                alternate(old, now, s -> s.call, true, warmup);
                long[][] lat = alternate(old, now, s -> s.call, true, measured);
                rows.addAll(report("warm call by hash", 1, lat[0], lat[1]));
            } else {
                int perThreadRound = 50;
                rounds(old, now, c, perThreadRound, Math.max(1, warmup / (c * perThreadRound)));
                long[][] lat = rounds(old, now, c, perThreadRound, Math.max(1, measured / (c * perThreadRound)));
                rows.addAll(report("warm call by hash", c, lat[0], lat[1]));
            }
        }
        alternate(old, now, s -> s.echo, false, warmup);
        long[][] echo = alternate(old, now, s -> s.echo, false, measured);
        rows.addAll(report("echo (control)", 1, echo[0], echo[1]));
        alternate(old, now, s -> s.ping, false, warmup);
        long[][] ping = alternate(old, now, s -> s.ping, false, measured);
        rows.addAll(report("ping, open on both (control)", 1, ping[0], ping[1]));

        System.out.println();
        System.out.println("| request | concurrency | calls each | old p50 µs | new p50 µs | p50 new/old | old p99 µs | new p99 µs | p99 new/old | old mean µs | new mean µs | p50 new/old per fifth |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        rows.forEach(System.out::println);
        for (Server s : List.of(old, now)) {
            HTTP.send(s.request("/api/v1/connections").header("Shape-Connection", s.connection).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Opens a connection, sends the cold call once (negotiation, the blob), and builds the warm requests. */
    private static void prepare(Server s, Program program) throws Exception {
        HttpResponse<String> r = HTTP.send(s.request("/api/v1/connections").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 201) throw new IllegalStateException(s.name + ": POST /api/v1/connections answered " + r.statusCode() + ": " + r.body());
        s.connection = r.body().replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(program, "add");
        List<FunctionHash> known = ((WireMessage.BlobNegotiationResponse) send(s, stream(offer))).knownHashes();
        check(send(s, stream(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(program, "add", List.of(2L, 3L), known)))));
        known = ((WireMessage.BlobNegotiationResponse) send(s, stream(offer))).knownHashes();
        RemoteCallRequest warm = RemoteCalls.buildCallRequestNegotiated(program, "add", List.of(2L, 3L), known);
        if (warm.functionBlobs() != null) throw new IllegalStateException(s.name + ": the worker did not keep the blob");
        byte[] callBody = stream(new WireMessage.Call(warm));
        check(send(s, callBody));
        byte[] echoBody = new byte[callBody.length];
        Arrays.fill(echoBody, (byte) 'x');
        s.call = s.request("/api/v1/wire").header("Content-Type", "application/x-shape-wire").header("Shape-Connection", s.connection)
                .POST(HttpRequest.BodyPublishers.ofByteArray(callBody)).build();
        s.echo = s.request("/api/v1/echo").header("Content-Type", "application/x-shape-wire")
                .POST(HttpRequest.BodyPublishers.ofByteArray(echoBody)).build();
        s.ping = HttpRequest.newBuilder(URI.create(s.url + "/api/v1/ping")).GET().build();
    }

    /** One client thread, old and new call by call ({@code n} of each, order swapped every pair); latencies in ns. */
    private static long[][] alternate(Server old, Server now, java.util.function.Function<Server, HttpRequest> which, boolean wire, int n)
            throws Exception {
        long[] a = new long[n], b = new long[n];
        for (int i = 0; i < n; i++) {
            if ((i & 1) == 0) {
                a[i] = timed(old, which.apply(old), wire);
                b[i] = timed(now, which.apply(now), wire);
            } else {
                b[i] = timed(now, which.apply(now), wire);
                a[i] = timed(old, which.apply(old), wire);
            }
        }
        return new long[][] {a, b};
    }

    /** {@code rounds} rounds; in each, {@code threads} threads make {@code perThread} calls on one server, then on the other. */
    private static long[][] rounds(Server old, Server now, int threads, int perThread, int rounds) throws Exception {
        long[] a = new long[rounds * threads * perThread], b = new long[a.length];
        for (int r = 0; r < rounds; r++) {
            int at = r * threads * perThread;
            if ((r & 1) == 0) {
                round(old, threads, perThread, a, at);
                round(now, threads, perThread, b, at);
            } else {
                round(now, threads, perThread, b, at);
                round(old, threads, perThread, a, at);
            }
        }
        return new long[][] {a, b};
    }

    private static void round(Server s, int threads, int perThread, long[] into, int at) throws Exception {
        Thread[] clients = new Thread[threads];
        Throwable[] failure = new Throwable[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            clients[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) into[at + id * perThread + i] = timed(s, s.call, true);
                } catch (Throwable e) {
                    failure[id] = e;
                }
            });
            clients[t].start();
        }
        for (Thread t : clients) t.join();
        for (Throwable f : failure) if (f != null) throw new IllegalStateException(s.name + " failed", f);
    }

    private static long timed(Server s, HttpRequest request, boolean wire) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 200) throw new IllegalStateException(s.name + ": " + request.uri().getPath() + " answered " + r.statusCode());
        if (wire) check(single(r.body()));
        return took;
    }

    private static List<String> report(String what, int concurrency, long[] oldNs, long[] newNs) {
        double[] o = stats(oldNs), n = stats(newNs);
        StringBuilder fifths = new StringBuilder();
        int block = oldNs.length / BLOCKS;
        for (int k = 0; k < BLOCKS && block > 0; k++) {
            double ob = stats(Arrays.copyOfRange(oldNs, k * block, (k + 1) * block))[0];
            double nb = stats(Arrays.copyOfRange(newNs, k * block, (k + 1) * block))[0];
            fifths.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", nb / ob));
        }
        return List.of(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | **%.2f** | %.0f | %.0f | **%.2f** | %.0f | %.0f | %s |",
                what, concurrency, oldNs.length, o[0], n[0], n[0] / o[0], o[1], n[1], n[1] / o[1], o[2], n[2], fifths));
    }

    /** p50, p99 and mean in µs. */
    private static double[] stats(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return new double[] {percentile(s, 0.50), percentile(s, 0.99), Arrays.stream(s).average().orElse(0) / 1_000.0};
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[i] / 1_000.0;
    }

    private static long bodyLength(HttpRequest r) { return r.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(-1L); }

    private static void check(WireMessage answer) {
        if (!(answer instanceof WireMessage.RemoteCallResponse r) || !r.isOk() || !Long.valueOf(5L).equals(r.value())) {
            throw new IllegalStateException("unexpected answer " + answer);
        }
    }

    private static byte[] stream(WireMessage m) { return WireStreamWriter.toBytes(List.of(m), true); }

    private static WireMessage single(byte[] body) { return WireStreamReader.readAll(body, WireLimits.DEFAULT).get(0); }

    private static WireMessage send(Server s, byte[] body) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(s.request("/api/v1/wire").header("Content-Type", "application/x-shape-wire")
                .header("Shape-Connection", s.connection).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(s.name + ": /api/v1/wire answered " + r.statusCode());
        return single(r.body());
    }
}
