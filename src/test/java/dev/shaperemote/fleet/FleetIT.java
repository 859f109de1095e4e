package dev.shaperemote.fleet;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.client.ShapeRemoteClient;
import dev.shaperemote.it.ItServer;
import dev.shaperemote.it.TestPrograms;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ObjectValue;
import org.apache.derby.drda.NetworkServerControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three workers, copies of the build's test server, joined as one fleet over Hazelcast on loopback (each its own
 * Liberty JVM): a connection opened on one works on the others with its blobs sent once, the caller's connection
 * quota holds across the fleet, and a worker killed with SIGKILL during a load from a client that knows the fleet
 * loses no call (each answered right by a surviving worker) and no connection; the first worker's messaging engine
 * holds one request queue that every worker reads, each message answered once; a partitioned batch runs on several
 * workers at once over their shared batch store (a Derby network server in this JVM), and a worker killed while it
 * holds a partition and JMS deliveries loses neither once it restarts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    static final Program PROGRAM = TestPrograms.CALLS_PROGRAM;
    /** A caller of these tests alone, so the quota test counts only its own connections. */
    static final String CALLER = TestTokens.caller("fleet-caller");
    static final int QUOTA = 4;
    /** Each worker's JMS readers (shape.worker.jms.max-concurrency's default). */
    static final int READERS = 4;
    static final List<ItServer.Copy> workers = new ArrayList<>();
    /** Each worker's management (HTTPS) port: /metrics. */
    static final List<Integer> managementPorts = new ArrayList<>();
    /** The fleet's shared batch store. */
    static NetworkServerControl batchStore;

    @BeforeAll
    static void startFleet() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        for (String left : new String[] {"fleet-it-derby", "fleet-it-batches"}) ItServer.deleteTree(target.resolve(left)); // an earlier run's
        int storePort = freePort();
        System.setProperty("derby.system.home", Files.createDirectories(target.resolve("fleet-it-derby")).toString());
        batchStore = new NetworkServerControl(InetAddress.getLoopbackAddress(), storePort);
        batchStore.start(new PrintWriter(System.out, true));
        ItServer.await("the Derby network server to answer", java.time.Duration.ofSeconds(60), () -> {
            try {
                batchStore.ping();
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
        Path batches = Files.createDirectories(target.resolve("fleet-it-batches")); // one directory for all, as a shared disk
        List<Integer> ports = List.of(freePort(), freePort(), freePort());
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String cluster = "fleet-it-" + UUID.randomUUID();
        int engine = freePort();
        for (int i = 0; i < 3; i++) managementPorts.add(freePort());
        for (int i = 0; i < 3; i++) {
            // The first worker's messaging engine holds the fleet's one request queue; the others read it remotely.
            String jms = i == 0 ? "-Dshape.worker.jms.endpoint.port=" + engine
                    : "-Dshape.worker.jms.remote-server-address=localhost:" + engine + ":BootstrapBasicMessaging";
            workers.add(ItServer.startCopy("fleet" + (i + 1),
                    "-Dshape.worker.cache.provider=com.hazelcast.cache.HazelcastMemberCachingProvider",
                    "-Dshape.worker.fleet.members=" + members,
                    "-Dshape.worker.fleet.port=" + ports.get(i),
                    "-Dshape.worker.fleet.address=127.0.0.1",
                    "-Dshape.worker.fleet.cluster-name=" + cluster,
                    "-Dshape.worker.quota.connections=" + QUOTA,
                    // The test server's 5 s deadline counts a queue wait: three JVMs and a batch on two busy cores
                    // made a spin of the JMS load wait that long for a pool slot. Nothing here tests deadlines.
                    "-Dshape.worker.call.timeout-ms=60000",
                    "-Dhttps.port=" + managementPorts.get(i), // after startCopy's own: the later -D wins
                    "-Dshape.worker.batch.topology=fleet",
                    "-Dshape.worker.batch.db.port=" + storePort,
                    "-Dshape.worker.batch.dir=" + batches,
                    jms));
        }
    }

    @AfterAll
    static void stopFleet() throws Exception {
        // Nothing here tests an orderly stop, and the first worker's messaging engine may not finish stopping after
        // its remote readers were killed: kill every worker, keeping its logs (close).
        for (ItServer.Copy w : workers) {
            try {
                w.kill();
            } catch (AssertionError alreadyDead) {
                // killed by a test
            }
            w.close();
        }
        if (batchStore != null) batchStore.shutdown();
    }

    static String url(int worker) { return workers.get(worker).url(); }

    static String connection(int worker) throws Exception {
        HttpResponse<String> r = send(worker, "/api/v1/connections", null, HttpRequest.BodyPublishers.noBody(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return (String) ItServer.json(r).fields.get("token");
    }

    static HttpResponse<byte[]> wire(int worker, String token, WireMessage message) throws Exception {
        return send(worker, "/api/v1/wire", token, HttpRequest.BodyPublishers.ofByteArray(WireStreamWriter.toBytes(List.of(message), true)),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static <T> HttpResponse<T> send(int worker, String path, String token, HttpRequest.BodyPublisher body,
                                    HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(worker) + path)).header("Authorization", "Bearer " + CALLER)
                .header("Content-Type", "application/x-shape-wire").POST(body);
        if (token != null) r.header("Shape-Connection", token);
        return ItServer.HTTP.send(r.build(), handler);
    }

    static WireMessage answer(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        List<WireMessage> messages = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    static Object value(HttpResponse<byte[]> r) {
        WireMessage.RemoteCallResponse response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(r));
        assertTrue(response.isOk(), () -> response.error().kind() + ": " + response.error().message());
        return response.value();
    }

    static WireMessage.Call call(String function, List<Object> args, List<FunctionHash> known) {
        return new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(PROGRAM, function, args, known));
    }

    @Test
    @Order(1)
    void everyWorkerSeesTheWholeFleet() throws Exception {
        for (int worker = 0; worker < 3; worker++) {
            HttpResponse<String> stats = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(worker) + "/api/v1/admin/stats"))
                    .header("Authorization", "Bearer " + TestTokens.ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());
            assertTrue(stats.body().contains("\"fleet_members\":3"), "worker " + worker + ": " + stats.body());
        }
    }

    @Test
    @Order(2)
    void aConnectionOpenedOnOneWorkerServesEveryOtherWithItsBlobsSentOnce() throws Exception {
        String token = connection(0);
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "sum_squares");
        var cold = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(1, token, offer)));
        assertEquals(List.of(), cold.knownHashes(), "nothing sent yet");

        WireMessage.Call first = call("sum_squares", List.of(1L, 2L), List.of());
        assertEquals(2, first.request().functionBlobs().size(), "the cold call carries sum_squares and square");
        assertEquals(5L, value(wire(1, token, first)), "the blobs go to the second worker");

        for (int worker : new int[] {2, 0}) {
            var warm = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(worker, token, offer)));
            assertEquals(offer.offeredHashes(), warm.knownHashes(), "worker " + worker + " knows the blobs sent to another");
            WireMessage.Call byHash = call("sum_squares", List.of(5L, 6L), warm.knownHashes());
            assertNull(byHash.request().functionBlobs(), "a warm call carries no blobs");
            assertEquals(61L, value(wire(worker, token, byHash)));
        }

        HttpResponse<String> deleted = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(2) + "/api/v1/connections"))
                .header("Authorization", "Bearer " + CALLER).header("Shape-Connection", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(401, wire(0, token, offer).statusCode(), "deleted on one worker, unknown on all");
    }

    @Test
    @Order(3)
    void aCallersConnectionQuotaCountsEveryWorker() throws Exception {
        List<String> held = new ArrayList<>();
        for (int i = 0; i < QUOTA; i++) held.add(connection(i % 3));
        HttpResponse<String> refused = send(2, "/api/v1/connections", null, HttpRequest.BodyPublishers.noBody(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(429, refused.statusCode(), "the caller holds " + QUOTA + " connections across the fleet: " + refused.body());
        assertTrue(refused.body().contains("shape.worker.quota.connections"), refused.body());
        for (String token : held) {
            ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(0) + "/api/v1/connections"))
                    .header("Authorization", "Bearer " + CALLER).header("Shape-Connection", token).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    @Order(5)
    void aQueueReadByEveryWorkerAnswersEachMessageOnce() throws Exception {
        String run = sendSpins(48);
        for (long id = 0; id < 48; id++) {
            WireMessage.RemoteCallResponse r = receive(run + "-" + id, 120_000);
            assertEquals(id, r.requestId(), "each answer carries its request's id");
            assertEquals(2_000_000L + id, r.value());
        }
        for (long id = 0; id < 48; id++) assertEquals(404, again(run + "-" + id).statusCode(), "message " + id + " answered twice");
        for (int worker = 0; worker < 3; worker++) {
            assertTrue(jmsCallsAnswered(worker) > 0, "worker " + worker + " reads the fleet's queue");
        }
    }

    /** Sends {@code n} persistent calls of a short spin to the fleet's queue (through the first worker's test driver). */
    static String sendSpins(int n) throws Exception {
        Program spin = ShapeCompiler.compile("fn spin(n) { let mut i = 0\n while i < n { i = i + 1 }\n i }");
        String run = UUID.randomUUID().toString();
        for (long id = 0; id < n; id++) {
            WireMessage.Call c = new WireMessage.Call(RemoteCalls.buildCallRequest(spin, "spin", List.of(2_000_000L + id)).withRequestId(id));
            HttpResponse<String> sent = send(0, "/it/jms/send?replyTo=none&correlation=" + run + "-" + id, null,
                    HttpRequest.BodyPublishers.ofByteArray(WireStreamWriter.toBytes(List.of(c), true)), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sent.statusCode(), sent.body());
        }
        return run;
    }

    /** A second answer with {@code correlation}, if one comes within 200 ms (404 when none). */
    static HttpResponse<byte[]> again(String correlation) throws Exception {
        return ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(0) + "/it/jms/receive?queue=replies&timeoutMs=200&correlation="
                + correlation)).header("Authorization", "Bearer " + CALLER).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Calls a worker has answered from the JMS queue, from its /metrics (the administrator's login). */
    static long jmsCallsAnswered(int worker) {
        try {
            String[] login = TestTokens.adminLogin();
            HttpResponse<String> r = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create("https://localhost:" + managementPorts.get(worker)
                    + "/metrics?scope=application")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((login[0] + ":" + login[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long n = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("shape_calls_total{") && line.contains("endpoint=\"jms\"")) {
                    n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return n;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    /** The answer with {@code correlation} on the fleet's reply queue, as the first worker's test driver takes it. */
    static WireMessage.RemoteCallResponse receive(String correlation, long timeoutMs) throws Exception {
        HttpResponse<byte[]> r = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(0) + "/it/jms/receive?queue=replies&timeoutMs="
                + timeoutMs + "&correlation=" + correlation)).header("Authorization", "Bearer " + CALLER)
                .timeout(java.time.Duration.ofMillis(timeoutMs + 30_000)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), () -> "no answer to " + correlation + ": " + new String(r.body()));
        WireMessage.RemoteCallResponse response = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(r));
        assertTrue(response.isOk(), () -> response.error().kind() + ": " + response.error().message());
        return response;
    }

    /**
     * One crash, two kinds of work in its hands: the third worker is killed while it runs a partition of a
     * 100,000-record batch (half done) and while its JMS readers hold messages of a load, then restarts, as an
     * orchestrator restarts a crashed container. Its recovery fails its partition, which fails the batch, which restarts
     * itself from its checkpoints and completes with every result once, in order; its transaction recovery resolves the
     * deliveries it held in doubt, and every message is answered (twice at most for those in its readers' hands, with
     * the same request_id).
     */
    @Test
    @Order(6)
    void aWorkerKilledDuringAPartitionedBatchAndAJmsLoadLosesNothingOfEitherOnceItRestarts() throws Exception {
        int n = 100_000;
        StringBuilder records = new StringBuilder(n * 9);
        for (int i = 0; i < n; i++) records.append('[').append(i).append("]\n");
        String source = "fn f(i) {\n  let mut s = 0\n  let mut k = 0\n  while k < 300 { s = s + k\n k = k + 1 }\n  i * 2 + s\n}";
        HttpResponse<String> started = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(0)
                + "/api/v1/batches?function=f&checkpoint=500&partitions=3&source=" + URLEncoder.encode(source, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + CALLER).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(records.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, started.statusCode(), started.body());
        String path = "/api/v1/batches/" + ItServer.json(started).fields.get("id");

        Set<String> running = new HashSet<>();
        ItServer.await("a partition to be under way on the third worker", java.time.Duration.ofSeconds(300), () -> {
            ArrayValue parts = partitions(batch(path));
            boolean third = false;
            for (int i = 0; parts != null && i < parts.size(); i++) {
                ObjectValue part = (ObjectValue) parts.get(i);
                long done = (Long) part.fields.get("records");
                if (done > 0) running.add((String) part.fields.get("server"));
                third |= "fleet3".equals(part.fields.get("server")) && done > 0;
            }
            return third;
        });
        assertTrue(running.size() >= 2, "the partitions run on several workers at once: " + running);
        long answeredBefore = jmsCallsAnswered(2);
        String run = sendSpins(48);
        assertEquals(0L, receive(run + "-0", 120_000).requestId());
        ItServer.await("the third worker to answer a message of the queue", java.time.Duration.ofSeconds(60),
                () -> jmsCallsAnswered(2) > answeredBefore);
        workers.get(2).kill();
        ObjectValue atKill = batch(path);
        boolean halfDone = false;
        for (Object p : partitions(atKill).items) {
            ObjectValue part = (ObjectValue) p;
            halfDone |= "fleet3".equals(part.fields.get("server")) && (Long) part.fields.get("records") < (Long) part.fields.get("total");
        }
        assertTrue(halfDone, "the third worker's partition was not done when it was killed: " + atKill);
        workers.get(2).start();

        long deadline = System.currentTimeMillis() + 300_000; // bounded as a whole, not per message
        for (long id = 1; id < 48; id++) {
            WireMessage.RemoteCallResponse r = receive(run + "-" + id, Math.max(1_000, deadline - System.currentTimeMillis()));
            assertEquals(id, r.requestId(), "each answer carries its request's id");
            assertEquals(2_000_000L + id, r.value());
        }
        int duplicates = 0;
        for (long id = 0; id < 48; id++) {
            HttpResponse<byte[]> again = again(run + "-" + id);
            if (again.statusCode() == 404) continue;
            duplicates++; // at least once across a crash: a second answer is allowed, with the same request_id
            assertEquals(id, assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(again)).requestId());
        }
        assertTrue(duplicates <= READERS, duplicates + " messages answered twice: only those in the killed worker's readers' hands may be");

        ItServer.await("the batch to complete", java.time.Duration.ofSeconds(600), () -> {
            Object status = batch(path).fields.get("status");
            if ("abandoned".equals(status)) throw new AssertionError("the batch was abandoned");
            return "completed".equals(status);
        });
        ObjectValue done = batch(path);
        assertEquals((long) n, done.fields.get("done"), done.toString());
        ArrayValue parts = partitions(done);
        assertEquals(3, parts.size(), done.toString());
        for (int i = 0; i < 3; i++) assertEquals("completed", ((ObjectValue) parts.get(i)).fields.get("state"), done.toString());
        HttpResponse<String> out = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(1) + path + "/output"))
                .header("Authorization", "Bearer " + CALLER).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, out.statusCode(), "any worker serves the output");
        String[] lines = out.body().split("\n");
        assertEquals(n, lines.length, "every record once");
        for (int i = 0; i < n; i++) {
            String expected = "{\"index\":" + i + ",\"ok\":{\"Int\":" + (2L * i + 44_850) + "}}";
            if (!expected.equals(lines[i])) throw new AssertionError("line " + i + " is " + lines[i]);
        }
    }

    /** A batch's status as the first worker reports it. */
    static ObjectValue batch(String path) {
        try {
            HttpResponse<String> r = ItServer.HTTP.send(HttpRequest.newBuilder(URI.create(url(0) + path))
                    .header("Authorization", "Bearer " + CALLER).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return ItServer.json(r);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static ArrayValue partitions(ObjectValue batch) { return (ArrayValue) batch.fields.get("partitions"); }

    @Test
    @Order(9)
    void aWorkerKilledWithSigkillDuringALoadLosesNoCallAndNoConnection() throws Exception {
        // Connections made on every worker before the kill, so some of their partitions are owned by the one that dies.
        // Two connections here and the client's own stay within the caller's quota of connections.
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 2; i++) tokens.add(connection(i));
        for (String token : tokens) assertEquals(3L, value(wire(1, token, call("add", List.of(1L, 2L), List.of()))));
        List<FunctionHash> known = RemoteCalls.negotiationFor(PROGRAM, "add").offeredHashes();

        List<URI> urls = workers.stream().map(w -> URI.create(w.url())).toList();
        int clients = 4, callsEach = 60;
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (ShapeRemoteClient client = new ShapeRemoteClient(urls, CALLER)) {
            List<Future<List<Object>>> loads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long base = 1000L * c;
                loads.add(pool.submit(() -> {
                    List<Object> values = new ArrayList<>();
                    for (long i = 0; i < callsEach; i++) {
                        values.add(client.call(PROGRAM, "sum_squares", List.of(base + i, 2L)));
                        answered.incrementAndGet();
                    }
                    return values;
                }));
            }
            while (answered.get() < clients * callsEach / 4 && loads.stream().noneMatch(Future::isDone)) Thread.sleep(20);
            workers.get(1).kill(); // SIGKILL mid-load: its calls in flight die with it
            for (int c = 0; c < clients; c++) {
                List<Object> values = loads.get(c).get(5, TimeUnit.MINUTES);
                for (int i = 0; i < callsEach; i++) {
                    long x = 1000L * c + i;
                    assertEquals(x * x + 4, values.get(i), "call " + i + " of client " + c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (String token : tokens) {
            assertEquals(7L, value(wire(0, token, call("add", List.of(3L, 4L), known))),
                    "the connection and its blobs outlive the member that held them");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
