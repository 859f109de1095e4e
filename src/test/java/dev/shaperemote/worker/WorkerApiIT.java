package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.shaperemote.it.ItServer.execute;
import static dev.shaperemote.it.ItServer.get;
import static dev.shaperemote.it.ItServer.json;
import static dev.shaperemote.it.ItServer.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API of WIRE.md section 10 on the running Liberty server. */
class WorkerApiIT {

    @Test
    void pingAnswersThePong() throws Exception {
        HttpResponse<String> r = get("/api/v1/ping");
        assertEquals(200, r.statusCode(), r.body());
        ObjectValue pong = json(r);
        assertEquals(1L, pong.fields.get("wire_protocol"));
        assertInstanceOf(String.class, pong.fields.get("shape_version"));
        ArrayValue caps = assertInstanceOf(ArrayValue.class, pong.fields.get("capabilities"));
        // Liberty gives every transport, JMS and batch included.
        for (String c : new String[] {"call", "blob-negotiation", "sidecar", "execute", "validate", "compression-zstd",
                "http", "websocket", "jobs", "batch", "jms"}) {
            assertTrue(caps.items.contains(c), c + " missing from " + r.body());
        }
    }

    @Test
    void executeRunsAProgramAndAnswersItsValueTagged() throws Exception {
        HttpResponse<String> r = execute("fn add(a, b) { a + b }\nprint(\"adding\")\nadd(2, 3)");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"value\":{\"Int\":5}"), r.body());
        ObjectValue o = json(r);
        assertEquals(true, o.fields.get("success"));
        assertEquals(5L, o.fields.get("value"));
        assertEquals("adding\n", o.fields.get("stdout"));
        assertFalse(o.fields.containsKey("error"), "a successful run has no error: " + r.body()); // absent optionals are left out (WIRE.md 7)
        assertEquals(0, assertInstanceOf(ArrayValue.class, o.fields.get("diagnostics")).size());
        ObjectValue metrics = assertInstanceOf(ObjectValue.class, o.fields.get("metrics"));
        assertInstanceOf(Long.class, metrics.fields.get("instructions_executed")); // the VM counts in ticks: small runs may read 0
        assertInstanceOf(Long.class, o.fields.get("request_id"));
    }

    @Test
    void aCompileErrorIsADiagnosticWithLineAndColumn() throws Exception {
        HttpResponse<String> r = execute("let x = 1\nlet = 2");
        assertEquals(200, r.statusCode(), r.body());
        ObjectValue o = json(r);
        assertEquals(false, o.fields.get("success"));
        assertTrue(((String) o.fields.get("error")).startsWith("CompileError: "), r.body());
        ObjectValue d = assertInstanceOf(ObjectValue.class, assertInstanceOf(ArrayValue.class, o.fields.get("diagnostics")).get(0));
        assertEquals("error", d.fields.get("severity"));
        assertEquals(2L, d.fields.get("line"));
        assertEquals(5L, d.fields.get("column"));
    }

    @Test
    void aRuntimeErrorNamesTheFunctionAndLine() throws Exception {
        HttpResponse<String> r = execute("fn f(x) {\n  x / 0\n}\nf(1)");
        assertEquals(200, r.statusCode(), r.body());
        ObjectValue o = json(r);
        assertEquals(false, o.fields.get("success"));
        String error = (String) o.fields.get("error");
        assertTrue(error.startsWith("RuntimeError: ") && error.contains("'f'"), r.body());
        ObjectValue d = assertInstanceOf(ObjectValue.class, assertInstanceOf(ArrayValue.class, o.fields.get("diagnostics")).get(0));
        assertEquals(2L, d.fields.get("line"));
        assertNoJavaInternals(r.body());
    }

    @Test
    void connectionsAreIssuedAndDeleted() throws Exception {
        HttpResponse<String> created = post("/api/v1/connections", "application/json", new byte[0]);
        assertEquals(201, created.statusCode(), created.body());
        ObjectValue c = json(created);
        String token = (String) c.fields.get("token");
        assertTrue(token.matches("[A-Za-z0-9_-]{22}"), "a 128-bit base64url token: " + token);
        assertTrue(created.headers().firstValue("Location").isEmpty(), "a connection token never travels in a URL");
        assertTrue(((String) c.fields.get("expires_at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), created.body());
        String other = (String) json(post("/api/v1/connections", "application/json", new byte[0])).fields.get("token");
        assertNotEquals(token, other);

        assertEquals(204, ItServer.deleteConnection(token).statusCode());
        HttpResponse<String> again = ItServer.deleteConnection(token);
        assertEquals(404, again.statusCode());
        assertEquals("ProtocolError", json(again).fields.get("kind"));
        assertEquals(404, ItServer.deleteConnection("not-a-token").statusCode());
        assertEquals(204, ItServer.deleteConnection(other).statusCode());
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        byte[] big = new byte[70_000]; // the test server's execute ceiling is 64 KiB
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = post("/api/v1/execute", "application/json", big);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("ProtocolError", json(r).fields.get("kind"));
    }

    @Test
    void garbageJsonIs400ProtocolError() throws Exception {
        for (String garbage : new String[] {"{not json", "[1, 2]", "{\"code\": 3}", "{}", "\u0000\u0001"}) {
            HttpResponse<String> r = post("/api/v1/execute", "application/json", garbage.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode(), garbage + " -> " + r.body());
            ObjectValue e = json(r);
            assertEquals("ProtocolError", e.fields.get("kind"));
            assertInstanceOf(String.class, e.fields.get("message"));
            assertNoJavaInternals(r.body());
        }
    }

    @Test
    void unknownPathsAnswerAnErrorBody() throws Exception {
        HttpResponse<String> r = get("/api/v1/nothing-here");
        assertEquals(404, r.statusCode());
        assertEquals("ProtocolError", json(r).fields.get("kind"));
    }

    @Test
    void healthIsUpLiveAndReady() throws Exception {
        for (String path : new String[] {"/health/live", "/health/ready"}) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path + " " + r.body());
            assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
        }
        assertTrue(get("/health/ready").body().contains("shape-worker"));
    }

    @Test
    void metricsCountCallsByOutcome() throws Exception {
        execute("1 + 1");
        execute("let = ");
        String metrics = ItServer.metrics();
        assertTrue(metrics.matches("(?s).*shape_calls_total\\{[^}]*outcome=\"ok\".*"), metrics);
        assertTrue(metrics.matches("(?s).*shape_calls_total\\{[^}]*kind=\"CompileError\".*"), metrics);
        for (String name : new String[] {"shape_call_duration_seconds", "shape_bytes_in_total", "shape_bytes_out_total",
                "shape_pool_queue_depth", "shape_pool_running", "shape_blob_cache_hits", "shape_connections_active"}) {
            assertTrue(metrics.contains(name), name + " missing");
        }
    }

    @Test
    void openApiListsThePaths() throws Exception {
        String doc = get("/openapi").body();
        for (String path : new String[] {"/api/v1/ping", "/api/v1/execute", "/api/v1/connections", "/api/v1/wire"}) {
            assertTrue(doc.contains(path), path + " missing from /openapi");
        }
        for (String testOnly : new String[] {"/echo", "jms-test", "/it/"}) {
            assertFalse(doc.contains(testOnly), testOnly + " in /openapi: the test application's paths are not the worker's");
        }
    }

    static void assertNoJavaInternals(String body) {
        assertFalse(body.matches("(?s).*(Exception|\\bat [a-z]+\\.[a-z]+\\.|java\\.|dev\\.shaperemote).*"), body);
    }
}
