package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.client.DevCredentials;
import dev.shaperemote.client.DevTokens;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.shaperemote.it.ItServer.HTTP;
import static dev.shaperemote.it.ItServer.URL;
import static dev.shaperemote.it.ItServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Who may do what on the real server: every operation wants a token, roles hold, one caller's connections,
 * jobs and batches are invisible to another, quotas stop one caller and not the next, and the credentials
 * the repository once shipped open nothing.
 */
class SecurityIT {
    private static final String ALICE = TestTokens.caller("it-alice");
    private static final String BOB = TestTokens.caller("it-bob");
    private static final Program ADD = ShapeCompiler.compile("fn add(a, b) { a + b }");

    @Test
    void everyOperationOfTheOpenApiDocumentWantsATokenButPing() throws Exception {
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(URI.create(ItServer.MANAGEMENT + "/openapi?format=JSON")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, doc.statusCode(), "the document is on the management port");
        for (String liberty : List.of("/openapi", "/health/ready", "/metrics")) {
            HttpResponse<String> onApiPort = HTTP.send(HttpRequest.newBuilder(URI.create(URL + liberty)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, onApiPort.statusCode(), liberty + " is not on the worker's API port");
        }
        ObjectValue paths = (ObjectValue) ((ObjectValue) JsonValues.parse(doc.body())).fields.get("paths");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Object> path : paths.fields.entrySet()) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
            for (String method : ((ObjectValue) path.getValue()).fields.keySet()) {
                if (!List.of("get", "post", "put", "delete", "patch").contains(method)) continue;
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(URL + concrete))
                        .method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                if (path.getKey().equals("/api/v1/ping") && method.equals("get")) {
                    assertEquals(200, r.statusCode(), "ping stays open");
                } else {
                    assertEquals(401, r.statusCode(), method + " " + path.getKey() + " without a token");
                    checked.add(method + " " + path.getKey());
                }
            }
        }
        assertTrue(checked.size() >= 15, "the document lists the API: " + checked);
    }

    @Test
    void aTokenOfAnotherKeyAnExpiredOneAndOneWithoutGroupsAreRefused(@TempDir Path elsewhere) throws Exception {
        DevCredentials stranger = new DevCredentials(elsewhere);
        stranger.ensure();
        String forged = DevTokens.mint(stranger.privateKey(), "it-alice", List.of("shape-caller"), Duration.ofHours(1));
        assertEquals(401, connect(forged).statusCode(), "signed by a key the server does not trust");
        String expired = DevTokens.mint(TestTokens.CREDENTIALS.privateKey(), "it-alice", List.of("shape-caller"), Duration.ofMinutes(-10));
        assertEquals(401, connect(expired).statusCode(), "expired ten minutes ago");
        HttpResponse<String> noGroups = connect(TestTokens.mint("it-nobody", List.of("some-other-group")));
        assertEquals(403, noGroups.statusCode(), noGroups.body());
        assertEquals("Unauthorized", json(noGroups).fields.get("kind"));
        assertEquals(201, connect(ALICE).statusCode());
    }

    @Test
    void aCallerIsRefusedAdminOperationsAndFilesOnTheServer() throws Exception {
        for (String path : List.of("/api/v1/admin/stats")) {
            assertEquals(403, send(ALICE, "GET", path, null).statusCode(), path);
        }
        for (String path : List.of("/api/v1/admin/drain", "/api/v1/admin/caches/clear")) {
            HttpResponse<String> r = send(ALICE, "POST", path, null);
            assertEquals(403, r.statusCode(), path);
            assertEquals("Unauthorized", json(r).fields.get("kind"));
        }
        assertEquals(false, json(send(TestTokens.ADMIN, "GET", "/api/v1/admin/stats", null)).fields.get("draining"),
                "the drain a caller asked for did not happen");
        HttpResponse<String> byPath = HTTP.send(bearer(ALICE, "/api/v1/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\": \"f\", \"source\": \"fn f(x) { x }\", \"input\": \"x.jsonl\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, byPath.statusCode(), byPath.body());
    }

    @Test
    void anotherCallerCannotUseOrProbeAConnection() throws Exception {
        String token = (String) json(connect(ALICE)).fields.get("token");
        byte[] call = WireStreamWriter.toBytes(List.of(new WireMessage.Call(RemoteCalls.buildCallRequest(ADD, "add", List.of(1L, 2L)))), false);
        HttpResponse<byte[]> mine = wire(ALICE, token, call);
        assertEquals(200, mine.statusCode());
        HttpResponse<byte[]> theirs = wire(BOB, token, call);
        HttpResponse<byte[]> unknown = wire(BOB, "AAAAAAAAAAAAAAAAAAAAAA", call);
        assertEquals(401, theirs.statusCode());
        assertEquals(unknown.statusCode(), theirs.statusCode());
        assertEquals(ItServer.answer(unknown), ItServer.answer(theirs), "someone else's token reads exactly as an unknown one");
        assertEquals(404, send(BOB, "DELETE", "/api/v1/connections", token).statusCode());
        assertEquals(200, wire(ALICE, token, call).statusCode(), "still Alice's after Bob's attempts");
        assertEquals(204, send(ALICE, "DELETE", "/api/v1/connections", token).statusCode());
    }

    @Test
    void anotherCallerCannotSeeAJobButAnAdminCan() throws Exception {
        byte[] call = WireStreamWriter.toBytes(List.of(new WireMessage.Call(RemoteCalls.buildCallRequest(ADD, "add", List.of(2L, 3L)))), false);
        HttpResponse<String> accepted = HTTP.send(bearer(ALICE, "/api/v1/jobs").header("Content-Type", "application/x-shape-wire")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        String path = URI.create(accepted.headers().firstValue("Location").orElseThrow()).getPath();
        assertEquals(200, send(ALICE, "GET", path, null).statusCode());
        HttpResponse<String> bob = send(BOB, "GET", path, null);
        assertEquals(404, bob.statusCode());
        assertEquals(send(BOB, "GET", "/api/v1/jobs/00000000-0000-0000-0000-000000000000", null).body().replace("00000000-0000-0000-0000-000000000000", ""),
                bob.body().replace(path.substring(path.lastIndexOf('/') + 1), ""), "Bob learns nothing a made-up id would not tell him");
        assertEquals(200, send(TestTokens.ADMIN, "GET", path, null).statusCode(), "an admin sees every job");
    }

    @Test
    void anotherCallerCannotSeeStopOrReadABatchAndItsHandleCannotBeCountedThrough() throws Exception {
        HttpResponse<String> started = HTTP.send(bearer(ALICE, "/api/v1/batches?function=f&source=" + enc("fn f(x) { x * 2 }"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString("[1]\n[2]\n[3]\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, started.statusCode(), started.body());
        String id = (String) json(started).fields.get("id");
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), "a random 128-bit handle, not a counter: " + id);
        String base = "/api/v1/batches/" + id;
        assertTrue(started.headers().firstValue("Location").orElseThrow().endsWith(base));
        for (String[] op : List.of(new String[] {"GET", base}, new String[] {"GET", base + "/output"},
                new String[] {"POST", base + "/stop"}, new String[] {"POST", base + "/restart"})) {
            assertEquals(404, send(BOB, op[0], op[1], null).statusCode(), op[0] + " " + op[1] + " by another caller");
        }
        assertEquals(200, send(TestTokens.ADMIN, "GET", base, null).statusCode(), "an admin sees every batch");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!"completed".equals(json(send(ALICE, "GET", base, null)).fields.get("status"))) {
            if (System.nanoTime() > deadline) fail("the batch did not complete");
            Thread.sleep(200);
        }
        String first = send(ALICE, "GET", base + "/output", null).body().lines().findFirst().orElse("").replace(" ", "");
        assertTrue(first.contains("\"ok\":{\"Int\":2}"), first);
    }

    @Test
    void oneCallerAtItsConnectionQuotaDoesNotStopAnother() throws Exception {
        String greedy = TestTokens.caller("it-greedy");
        List<String> opened = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 1000 && refused == null; i++) {
            HttpResponse<String> r = connect(greedy);
            if (r.statusCode() == 201) opened.add((String) json(r).fields.get("token")); else refused = r;
        }
        try {
            assertTrue(refused != null, "1,000 connections of one caller reach its quota");
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("Overloaded", json(refused).fields.get("kind"));
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertFalse(opened.isEmpty());
            HttpResponse<String> other = connect(BOB);
            assertEquals(201, other.statusCode(), "another caller still opens one: " + other.body());
            send(BOB, "DELETE", "/api/v1/connections", (String) json(other).fields.get("token"));
        } finally {
            for (String t : opened) send(greedy, "DELETE", "/api/v1/connections", t);
        }
    }

    @Test
    void aWebSocketHandshakeWithoutATokenIsRefused() throws Exception {
        String url = URL.replaceFirst("^http", "ws") + "/ws/v1/wire";
        try {
            WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {}).get(30, TimeUnit.SECONDS);
            ws.abort();
            fail("a handshake without a token was accepted");
        } catch (ExecutionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class,
                    e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause());
            assertEquals(401, refused.getResponse().statusCode());
        }
        WebSocket ok = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + ALICE)
                .buildAsync(URI.create(url), new WebSocket.Listener() {}).get(30, TimeUnit.SECONDS);
        ok.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theCredentialsTheRepositoryOnceShippedOpenNothing() throws Exception {
        URI batchApi = URI.create(ItServer.MANAGEMENT + "/ibm/api/batch/jobinstances");
        HttpResponse<String> old = HTTP.send(HttpRequest.newBuilder(batchApi).header("Authorization", basic("admin", "shapeadmin")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, old.statusCode(), "admin/shapeadmin");
        String[] login = TestTokens.adminLogin();
        assertNotEquals("shapeadmin", login[1]);
        HttpResponse<String> real = HTTP.send(HttpRequest.newBuilder(batchApi).header("Authorization", basic(login[0], login[1])).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, real.statusCode(), "the login the build made for this checkout works");
        HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(batchApi).header("Authorization", "Bearer " + TestTokens.ADMIN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bearer.statusCode(), "the batch REST API takes the administrator's login, not a caller's token");
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(batchApi).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "the batch REST API without a login");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(ItServer.MANAGEMENT + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, metrics.statusCode(), "/metrics wants the administrator's login");
    }

    // ---------------------------------------------------------------- helpers

    private static HttpRequest.Builder bearer(String token, String path) {
        return HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> connect(String token) throws Exception {
        return HTTP.send(bearer(token, "/api/v1/connections").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String token, String method, String path, String connection) throws Exception {
        HttpRequest.Builder r = bearer(token, path).method(method, HttpRequest.BodyPublishers.noBody());
        if (connection != null) r.header("Shape-Connection", connection);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> wire(String token, String connection, byte[] stream) throws Exception {
        return HTTP.send(bearer(token, "/api/v1/wire").header("Content-Type", "application/x-shape-wire").header("Shape-Connection", connection)
                .POST(HttpRequest.BodyPublishers.ofByteArray(stream)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
