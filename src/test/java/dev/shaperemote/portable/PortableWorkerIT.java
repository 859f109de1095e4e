package dev.shaperemote.portable;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.it.ItServer;
import dev.shaperemote.it.TestPrograms;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.it.WireSocket;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The portable suite: the WAR the build made ({@code target/shape-remote-worker.war}, unchanged) deployed by
 * Arquillian on whichever server this run's adapter drives (pom.xml runs it three times: Open Liberty, Payara Server,
 * Payara Micro; {@code arquillian.launch} names the server) and driven from outside as a caller would: ping, wire
 * calls cold and warm, WebSocket, execute, every error kind, authentication and ownership, jobs, a batch stopped and
 * restarted, and JMS where the server has it. Every server trusts this checkout's development key and runs calls
 * under a 5 s deadline (pom.xml).
 */
@ExtendWith(ArquillianExtension.class)
class PortableWorkerIT {
    static final String SERVER = System.getProperty("arquillian.launch", "liberty");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String WIRE = "application/x-shape-wire";
    static final String ALICE = TestTokens.caller("portable-alice");
    static final String BOB = TestTokens.caller("portable-bob");
    static final Program PROGRAM = TestPrograms.CALLS_PROGRAM;

    @Deployment(testable = false)
    static WebArchive worker() {
        File war = new File(System.getProperty("worker.war", "target/shape-remote-worker.war"));
        return ShrinkWrap.create(ZipImporter.class, "shape-remote-worker.war").importFrom(war).as(WebArchive.class);
    }

    @ArquillianResource
    URL deployed;

    /** The worker's base URL on this server, context root included, without a trailing slash. */
    String base;

    @BeforeEach
    void base() {
        base = deployed.toExternalForm().replaceAll("/+$", "");
    }

    @Test
    void pingSaysWhatThisServerHas() throws Exception {
        HttpResponse<String> r = send(null, "GET", "/api/v1/ping", null, null);
        assertEquals(200, r.statusCode(), "ping needs no token: " + r.body());
        ObjectValue pong = json(r);
        assertEquals(1L, pong.fields.get("wire_protocol"));
        List<Object> caps = assertInstanceOf(ArrayValue.class, pong.fields.get("capabilities")).items;
        for (String c : List.of("call", "blob-negotiation", "sidecar", "execute", "http", "websocket", "jobs", "batch")) {
            assertTrue(caps.contains(c), c + " missing on " + SERVER + ": " + r.body());
        }
        // JMS where the server has a broker (Liberty's messaging engine, Payara Server's OpenMQ); Payara Micro has none.
        assertEquals(!SERVER.equals("payara-micro"), caps.contains("jms"), SERVER + ": " + r.body());
        WireMessage.Pong wirePong = assertInstanceOf(WireMessage.Pong.class, answer(wire(ALICE, null, stream(new WireMessage.Ping()))));
        assertEquals(1, wirePong.wireProtocol());
    }

    @Test
    void wireCallsRunColdThenWarmOnAConnectionThatIsTheCallersAlone() throws Exception {
        String token = connection(ALICE);
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "sum_squares");
        var cold = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(ALICE, token, stream(offer))));
        assertEquals(List.of(), cold.knownHashes());
        WireMessage.Call first = call("sum_squares", List.of(1L, 2L), cold.knownHashes());
        assertEquals(2, first.request().functionBlobs().size(), "sum_squares and square travel once");
        assertEquals(5L, ok(wire(ALICE, token, stream(first))).value());

        var warm = assertInstanceOf(WireMessage.BlobNegotiationResponse.class, answer(wire(ALICE, token, stream(offer))));
        assertEquals(offer.offeredHashes().size(), warm.knownHashes().size());
        WireMessage.Call second = withId(call("sum_squares", List.of(5L, 6L), warm.knownHashes()), 42L);
        assertNull(second.request().functionBlobs(), "a warm call carries no blobs");
        WireMessage.RemoteCallResponse r = ok(wire(ALICE, token, stream(second)));
        assertEquals(61L, r.value());
        assertEquals(42L, r.requestId());

        // Another caller can neither use nor probe the connection; a request without one knows nothing of it.
        assertEquals(401, wire(BOB, token, stream(offer)).statusCode());
        assertEquals(404, send(BOB, "DELETE", "/api/v1/connections", null, null, "Shape-Connection", token).statusCode());
        assertKind("FunctionNotFound", ok(wire(ALICE, null, stream(second))));

        assertEquals(204, send(ALICE, "DELETE", "/api/v1/connections", null, null, "Shape-Connection", token).statusCode());
        WireMessage.Error gone = assertInstanceOf(WireMessage.Error.class, answer(expect(401, wire(ALICE, token, stream(offer)))));
        assertEquals("Unauthorized", gone.kind());
    }

    /**
     * A struct crosses the real worker with its type, its trait's methods travel in the call's blob set and
     * type_schemas, and a struct result comes back typed (issue 13; RemoteLanguageTest has one call per construct).
     */
    @Test
    void aStructAndItsTraitMethodsCrossTheWorkerBothWays() throws Exception {
        Program shapes = dev.shaperemote.lang.ShapeCompiler.compile("""
                type Point { x: number, y: number }
                trait Shape {
                    area(self): number
                    method describe() { "area " + str(self.area()) }
                }
                impl Shape for Point { method area() { self.x * self.y } }
                fn describe(s) { s.describe() }
                fn make_point(x, y) { Point { x: x, y: y } }
                """);
        String token = connection(ALICE);
        WireMessage.RemoteCallResponse made = ok(wire(ALICE, token, stream(new WireMessage.Call(
                RemoteCalls.buildCallRequestNegotiated(shapes, "make_point", List.of(2.0, 3.0), List.of())))));
        ObjectValue p = assertInstanceOf(ObjectValue.class, made.value());
        assertEquals("Point", p.typeName);
        WireMessage.RemoteCallResponse described = ok(wire(ALICE, token, stream(new WireMessage.Call(
                RemoteCalls.buildCallRequestNegotiated(shapes, "describe", List.of(p), List.of())))));
        assertEquals("area 6.0", described.value());
    }

    /**
     * Payara Server's run keeps connections and blobs in the domain's data grid (pom.xml names Hazelcast's provider
     * and no member list): the domain's own asadmin finds the connection's token and the blobs' hashes among the
     * grid's cache keys, and a warm call by hash runs from them.
     */
    @Test
    void onPayaraServerConnectionsAndBlobsLiveInTheDomainsDataGrid() throws Exception {
        assumeTrue(SERVER.equals("payara-server"), "only Payara Server's run uses the server's data grid");
        String token = connection(ALICE);
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "sum_squares");
        assertEquals(9L, ok(wire(ALICE, token, stream(call("sum_squares", List.of(0L, 3L), List.of())))).value());
        WireMessage.Call warm = call("sum_squares", List.of(2L, 3L), offer.offeredHashes());
        assertNull(warm.request().functionBlobs(), "a warm call carries no blobs");
        assertEquals(13L, ok(wire(ALICE, token, stream(warm))).value());

        assertTrue(asadmin("list-caches").contains("JCache shape-fleet-connections"), "the grid holds the worker's caches");
        assertTrue(asadmin("list-cache-keys", "--name", "shape-fleet-connections").contains(token), "the connection is in the grid");
        String blobs = asadmin("list-cache-keys", "--name", "shape-fleet-blobs");
        for (FunctionHash h : offer.offeredHashes()) assertTrue(blobs.contains(h.hex()), h + " is in the grid: " + blobs);
        assertEquals(204, send(ALICE, "DELETE", "/api/v1/connections", null, null, "Shape-Connection", token).statusCode());
        assertFalse(asadmin("list-cache-keys", "--name", "shape-fleet-connections").contains(token), "and gone from it");
    }

    /** The output of one asadmin command against the build's Payara Server domain. */
    static String asadmin(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(System.getProperty("payara.home") + "/bin/asadmin",
                "--port", System.getProperty("arq.payara.admin.port")));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", line) + ": " + out);
        return out;
    }

    @Test
    void aWebSocketSessionAnswersEveryCallByItsRequestId() throws Exception {
        WireSocket ws = new WireSocket(HTTP, base, ALICE);
        try {
            WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(PROGRAM, "add");
            ws.send(offer);
            assertEquals(List.of(), assertInstanceOf(WireMessage.BlobNegotiationResponse.class, ws.next()).knownHashes());
            ws.send(withId(call("add", List.of(1L, 1L), List.of()), 0L));
            assertEquals(2L, assertInstanceOf(WireMessage.RemoteCallResponse.class, ws.next()).value());
            List<FunctionHash> known = offer.offeredHashes();
            Map<Long, WireMessage.Call> pending = new HashMap<>();
            for (long id = 1; id <= 20; id++) {
                WireMessage.Call warm = withId(call("add", List.of(id, 1000L), known), id);
                pending.put(id, warm);
                ws.send(warm);
            }
            while (!pending.isEmpty()) {
                WireMessage m = ws.next();
                if (m instanceof WireMessage.Error e && "Overloaded".equals(e.kind())) {
                    Thread.sleep(20);
                    ws.send(pending.get(e.requestId()));
                    continue;
                }
                WireMessage.RemoteCallResponse r = assertInstanceOf(WireMessage.RemoteCallResponse.class, m);
                assertNotNull(pending.remove(r.requestId()), "an answer to request " + r.requestId() + " that is not pending");
                assertEquals(r.requestId() + 1000L, r.value());
            }
            ws.send(new byte[] {0, (byte) 0xc1});
            assertEquals("ProtocolError", assertInstanceOf(WireMessage.Error.class, ws.next()).kind());
        } finally {
            ws.close();
        }
    }

    @Test
    void executeRunsAProgramAndAnswersItsValueOrItsDiagnostics() throws Exception {
        HttpResponse<String> r = execute(ALICE, "fn add(a, b) { a + b }\nprint(\"adding\")\nadd(2, 3)");
        assertEquals(200, r.statusCode(), r.body());
        ObjectValue o = json(r);
        assertEquals(true, o.fields.get("success"));
        assertEquals(5L, o.fields.get("value"));
        assertEquals("adding\n", o.fields.get("stdout"));

        ObjectValue bad = json(execute(ALICE, "let x = 1\nlet = 2"));
        assertEquals(false, bad.fields.get("success"));
        assertTrue(((String) bad.fields.get("error")).startsWith("CompileError: "), bad.toString());
        ObjectValue d = assertInstanceOf(ObjectValue.class, assertInstanceOf(ArrayValue.class, bad.fields.get("diagnostics")).get(0));
        assertEquals(2L, d.fields.get("line"));
    }

    @Test
    void everyErrorKindIsAnsweredAsItsKindWithoutJavaInternals() throws Exception {
        // In band, in the call's response (every kind of RemoteErrorKind is met below).
        assertKind("ArgumentError", ok(wire(ALICE, null, stream(call("square", List.of(1L, 2L), List.of())))));
        assertKind("RuntimeError", ok(wire(ALICE, null, stream(call("divide", List.of(1L, 0L), List.of())))));
        assertKind("ResourceLimit", ok(wire(ALICE, null, stream(call("deep", List.of(0L), List.of())))));
        assertKind("Timeout", ok(wire(ALICE, null, stream(call("spin", List.of(), List.of())))));
        RemoteCallRequest byName = new RemoteCallRequest(PROGRAM, "nope", null, null, List.of(), null, null,
                RemoteCalls.programHash(PROGRAM), null, null);
        assertKind("FunctionNotFound", ok(wire(ALICE, null, stream(new WireMessage.Call(byName)))));
        RemoteCallRequest full = call("sum_squares", List.of(1L, 1L), List.of()).request();
        List<HashedBlob> entryOnly = full.functionBlobs().stream().filter(h -> h.blob().name().equals("sum_squares")).toList();
        assertKind("MissingModuleFunction", ok(wire(ALICE, connection(ALICE), stream(new WireMessage.Call(new RemoteCallRequest(null,
                "sum_squares", null, full.functionHash(), full.arguments(), null, null, full.programHash(), entryOnly, null))))));
        assertTrue(((String) json(execute(ALICE, "let = ")).fields.get("error")).startsWith("CompileError: "));

        // Out of band: the request itself.
        assertEquals("ProtocolError", errorOf(expect(400, wire(ALICE, null, new byte[] {0, 0, 0, 3, 0, (byte) 0xc1, 7}))).kind());
        assertEquals("ProtocolError", errorOf(expect(400, wire(ALICE, null, new byte[0]))).kind());
        HttpResponse<String> garbage = send(ALICE, "POST", "/api/v1/execute", "application/json", "{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertEquals("ProtocolError", json(garbage).fields.get("kind"));
        // A caller at a quota (open connections, 100 by default) is Overloaded with a Retry-After; another caller goes on.
        String greedy = TestTokens.caller("portable-greedy");
        List<String> held = new ArrayList<>();
        HttpResponse<String> refused = null;
        while (refused == null && held.size() <= 100) {
            HttpResponse<String> r = send(greedy, "POST", "/api/v1/connections", null, null);
            if (r.statusCode() == 201) held.add((String) json(r).fields.get("token"));
            else refused = r;
        }
        assertNotNull(refused, "no quota on connections");
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("Overloaded", json(refused).fields.get("kind"));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Overloaded says when to come back");
        connection(ALICE);
        for (String token : held) send(greedy, "DELETE", "/api/v1/connections", null, null, "Shape-Connection", token);

        // Without a token the filter refuses before the wire endpoint reads anything: a JSON error body.
        HttpResponse<byte[]> anonymous = expect(401, wire(null, null, stream(new WireMessage.Ping())));
        assertNoJavaInternals(new String(anonymous.body(), StandardCharsets.UTF_8));
    }

    @Test
    void tokensAreCheckedAndRolesHold() throws Exception {
        for (String[] op : new String[][] {{"POST", "/api/v1/connections"}, {"POST", "/api/v1/execute"}, {"POST", "/api/v1/jobs"},
                {"GET", "/api/v1/batches"}, {"POST", "/api/v1/admin/drain"}}) {
            assertEquals(401, send(null, op[0], op[1], "application/json", new byte[0]).statusCode(), op[0] + " " + op[1] + " without a token");
            assertEquals(401, send("not.a.token", op[0], op[1], "application/json", new byte[0]).statusCode(), op[0] + " " + op[1] + " with garbage");
        }
        String noGroups = TestTokens.mint("portable-nobody", List.of());
        assertEquals(403, send(noGroups, "POST", "/api/v1/connections", null, null).statusCode(), "a token without the caller group");
        assertEquals(403, send(ALICE, "POST", "/api/v1/admin/drain", null, null).statusCode(), "a caller is no administrator");
        assertEquals(201, send(ALICE, "POST", "/api/v1/connections", null, null).statusCode());
    }

    @Test
    void aJobRunsAndOnlyItsOwnerAndAnAdminSeeIt() throws Exception {
        HttpResponse<String> accepted = send(ALICE, "POST", "/api/v1/jobs", WIRE,
                WireStreamWriter.toBytes(List.of(call("add", List.of(2L, 3L), List.of())), false));
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = (String) json(accepted).fields.get("id");
        String path = "/api/v1/jobs/" + id;
        await("job " + id, Duration.ofSeconds(60), () -> "done".equals(field(ALICE, path, "status")));
        HttpResponse<byte[]> answer = HTTP.send(request(ALICE, path).header("Accept", WIRE).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        List<WireMessage> messages = WireStreamReader.readAll(answer.body(), WireLimits.DEFAULT);
        assertEquals(5L, assertInstanceOf(WireMessage.RemoteCallResponse.class, messages.get(0)).value());

        assertEquals(404, send(BOB, "GET", path, null, null).statusCode(), "another caller's job is not there for them");
        assertEquals(200, send(TestTokens.ADMIN, "GET", path, null, null).statusCode(), "an administrator sees every job");
    }

    @Test
    void aBatchIsStoppedMidRunAndARestartFinishesItWithEveryResultOnce() throws Exception {
        int n = 6_000;
        StringBuilder records = new StringBuilder(n * 16);
        for (int i = 0; i < n; i++) records.append('[').append(i).append(", 40000]\n");
        String source = "fn f(i, spin) {\n  let mut k = 0\n  while k < spin { k = k + 1 }\n  i\n}";
        HttpResponse<String> started = send(ALICE, "POST", "/api/v1/batches?function=f&checkpoint=200&source="
                + URLEncoder.encode(source, StandardCharsets.UTF_8), "application/x-ndjson", records.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(201, started.statusCode(), started.body());
        String path = "/api/v1/batches/" + json(started).fields.get("id");
        await("the batch to be under way", Duration.ofSeconds(120), () -> done(path) >= 200);

        assertEquals(404, send(BOB, "POST", path + "/stop", null, null).statusCode(), "another caller cannot stop it");
        HttpResponse<String> stop = send(TestTokens.ADMIN, "POST", path + "/stop", null, null);
        assertEquals(202, stop.statusCode(), stop.body());
        await("the batch to stop", Duration.ofSeconds(120), () -> "stopped".equals(field(ALICE, path, "status")));
        long stoppedAt = done(path);
        assertTrue(stoppedAt < n, "the batch finished before the stop: " + stoppedAt);

        HttpResponse<String> restart = send(ALICE, "POST", path + "/restart", null, null);
        assertEquals(202, restart.statusCode(), restart.body());
        await("the restarted batch to complete", Duration.ofSeconds(240), () -> {
            Object status = field(ALICE, path, "status");
            if ("failed".equals(status) || "abandoned".equals(status)) fail("the batch ended " + status);
            return "completed".equals(status);
        });
        HttpResponse<String> out = send(ALICE, "GET", path + "/output", null, null);
        assertEquals(200, out.statusCode());
        TestPrograms.assertIdentityOutput(out.body(), n);
        assertEquals(404, send(BOB, "GET", path + "/output", null, null).statusCode(), "another caller cannot read it");
    }

    @Test
    void aPartitionedBatchMapsEachRangeOnceAndJoinsThemInOrder() throws Exception {
        int n = 3_001; // not a multiple of the partitions: the ranges differ by one
        StringBuilder records = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) records.append('[').append(i).append("]\n");
        HttpResponse<String> started = send(ALICE, "POST", "/api/v1/batches?function=f&checkpoint=100&partitions=3&source="
                + URLEncoder.encode("fn f(i) { i }", StandardCharsets.UTF_8), "application/x-ndjson", records.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(201, started.statusCode(), started.body());
        String path = "/api/v1/batches/" + json(started).fields.get("id");
        await("the partitioned batch to complete", Duration.ofSeconds(240), () -> {
            Object status = field(ALICE, path, "status");
            if ("failed".equals(status) || "abandoned".equals(status)) fail("the batch ended " + status);
            return "completed".equals(status);
        });
        ObjectValue done = json(send(ALICE, "GET", path, null, null));
        assertEquals((long) n, done.fields.get("done"));
        ArrayValue partitions = assertInstanceOf(ArrayValue.class, done.fields.get("partitions"), done.toString());
        assertEquals(3, partitions.size());
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            ObjectValue part = assertInstanceOf(ObjectValue.class, partitions.get(i));
            assertEquals("completed", part.fields.get("state"), part.toString());
            assertEquals(part.fields.get("total"), part.fields.get("records"), part.toString());
            assertTrue(part.fields.get("server") instanceof String name && !name.isEmpty(), part.toString());
            sum += (Long) part.fields.get("records");
        }
        assertEquals(n, sum, "the ranges cover every record once");
        HttpResponse<String> out = send(ALICE, "GET", path + "/output", null, null);
        assertEquals(200, out.statusCode());
        TestPrograms.assertIdentityOutput(out.body(), n);
    }

    // ---------------------------------------------------------------- a caller's HTTP, against this deployment

    HttpRequest.Builder request(String token, String path) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) r.header("Authorization", "Bearer " + token);
        return r;
    }

    /** A request with {@code token} (none if null) and a body (none if null); {@code headers} are name, value pairs. */
    HttpResponse<String> send(String token, String method, String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = request(token, path).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) r.header("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) r.header(headers[i], headers[i + 1]);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> execute(String token, String code) throws IOException, InterruptedException {
        return send(token, "POST", "/api/v1/execute", "application/json", ItServer.executeBody(code));
    }

    String connection(String token) throws IOException, InterruptedException {
        HttpResponse<String> r = send(token, "POST", "/api/v1/connections", null, null);
        assertEquals(201, r.statusCode(), r.body());
        return (String) json(r).fields.get("token");
    }

    HttpResponse<byte[]> wire(String token, String connection, byte[] stream) throws IOException, InterruptedException {
        HttpRequest.Builder r = request(token, "/api/v1/wire").header("Content-Type", WIRE).POST(HttpRequest.BodyPublishers.ofByteArray(stream));
        if (connection != null) r.header("Shape-Connection", connection);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Object field(String token, String path, String name) {
        try {
            return json(send(token, "GET", path, null, null)).fields.get(name);
        } catch (IOException | InterruptedException | AssertionError e) {
            return null;
        }
    }

    long done(String path) {
        Object done = field(TestTokens.ADMIN, path, "done");
        return done instanceof Long d ? d : -1;
    }

    static ObjectValue json(HttpResponse<String> r) {
        return assertInstanceOf(ObjectValue.class, JsonValues.parse(r.body()), r.statusCode() + " " + r.body());
    }

    static byte[] stream(WireMessage... messages) { return WireStreamWriter.toBytes(List.of(messages), true); }

    static WireMessage.Call call(String function, List<Object> args, List<FunctionHash> known) {
        return new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(PROGRAM, function, args, known));
    }

    static WireMessage.Call withId(WireMessage.Call c, long id) {
        RemoteCallRequest r = c.request();
        return new WireMessage.Call(new RemoteCallRequest(r.program(), r.functionName(), r.functionId(), r.functionHash(),
                r.arguments(), r.upvalues(), r.typeSchemas(), r.programHash(), r.functionBlobs(), id));
    }

    static HttpResponse<byte[]> expect(int status, HttpResponse<byte[]> r) {
        assertEquals(status, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return r;
    }

    /** The one message of a wire response stream. */
    static WireMessage answer(HttpResponse<byte[]> r) {
        assertEquals(WIRE, r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""), "status " + r.statusCode());
        List<WireMessage> messages = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
        assertEquals(1, messages.size(), messages::toString);
        return messages.get(0);
    }

    static WireMessage.RemoteCallResponse ok(HttpResponse<byte[]> r) {
        return assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(expect(200, r)));
    }

    static WireMessage.Error errorOf(HttpResponse<byte[]> r) {
        WireMessage.Error e = assertInstanceOf(WireMessage.Error.class, answer(r));
        assertNoJavaInternals(e.message());
        return e;
    }

    static void assertKind(String kind, WireMessage.RemoteCallResponse r) {
        assertFalse(r.isOk(), "expected " + kind + ", got the value " + r.value());
        assertEquals(kind, r.error().kind(), r.error().message());
        assertNoJavaInternals(r.error().message());
    }

    static void assertNoJavaInternals(String text) {
        assertFalse(text.matches("(?s).*(Exception|\\bat [a-z]+\\.[a-z]+\\.|java\\.|dev\\.shaperemote).*"), text);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) fail("timed out waiting for " + what + " on " + SERVER);
            Thread.sleep(200);
        }
    }
}
