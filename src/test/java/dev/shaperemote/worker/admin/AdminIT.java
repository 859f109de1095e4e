package dev.shaperemote.worker.admin;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.shaperemote.it.ItServer.attribute;
import static dev.shaperemote.it.ItServer.await;
import static dev.shaperemote.it.ItServer.get;
import static dev.shaperemote.it.ItServer.json;
import static dev.shaperemote.it.ItServer.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's MBeans (over Liberty's JMX REST connector, as JConsole sees them) and {@code /api/v1/admin}. */
class AdminIT {
    static final String WIRE = "application/x-shape-wire";
    static final String ADD = "fn add(a, b) { a + b }";

    @Test
    void theMBeansShowThePoolAndTheCallsByKind() throws Exception {
        assertEquals(200, ItServer.post("/api/v1/execute", "application/json", "{\"code\": \"1 + 1\"}".getBytes(StandardCharsets.UTF_8)).statusCode());
        try (JMXConnector c = ItServer.jmx()) {
            MBeanServerConnection mbeans = c.getMBeanServerConnection();
            assertEquals(2, attribute(mbeans, "Pool", "Size")); // the test server's pool
            assertInstanceOf(Long.class, attribute(mbeans, "Pool", "Rejected"));
            TabularData calls = assertInstanceOf(TabularData.class, attribute(mbeans, "Worker", "CallsByKind"));
            Object ok = calls.get(new Object[] {"ok"}).get("value");
            assertTrue((Long) ok >= 1, calls.toString());
        }
    }

    @Test
    void drainRefusesNewCallsWhileTheCallInFlightFinishesAndUndrainTakesCallsAgain() throws Exception {
        String slow = "let mut i = 0\nwhile i < 3000000 { i = i + 1 }\ni";
        CompletableFuture<HttpResponse<String>> inFlight = ItServer.HTTP.sendAsync(
                TestTokens.request(java.net.URI.create(ItServer.URL + "/api/v1/execute"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"code\": \"" + slow.replace("\n", "\\n") + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        try (JMXConnector c = ItServer.jmx()) {
            MBeanServerConnection mbeans = c.getMBeanServerConnection();
            await("the slow call to run", Duration.ofSeconds(10), () -> active() >= 1 || inFlight.isDone());
            ObjectName worker = new ObjectName("dev.shaperemote:type=Worker");
            try {
                mbeans.invoke(worker, "drain", null, null);
                assertEquals(true, json(get("/api/v1/admin/stats")).fields.get("draining"));
                assertEquals(503, get("/health/ready").statusCode(), "a draining worker is not ready for new work");
                HttpResponse<String> refused = ItServer.post("/api/v1/execute", "application/json", "{\"code\": \"1\"}".getBytes(StandardCharsets.UTF_8));
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                assertEquals("Overloaded", json(refused).fields.get("kind"));

                HttpResponse<String> finished = inFlight.get();
                assertEquals(200, finished.statusCode(), finished.body());
                assertEquals(true, json(finished).fields.get("success"), finished.body());
            } finally {
                assertEquals(200, post("/api/v1/admin/undrain").statusCode()); // never leave the server draining for other tests
            }
            assertEquals(false, mbeans.getAttribute(worker, "Draining"));
            assertEquals(200, get("/health/ready").statusCode());
            HttpResponse<String> again = ItServer.post("/api/v1/execute", "application/json", "{\"code\": \"1\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, again.statusCode(), again.body());
        }
    }

    @Test
    void evictingAConnectionThroughTheMBeanEmptiesItsCache() throws Exception {
        String token = (String) json(ItServer.post("/api/v1/connections")).fields.get("token");
        Program program = ShapeCompiler.compile(ADD);
        // A cold call with its blobs fills the connection's cache.
        WireMessage.RemoteCallResponse cold = call(token, new WireMessage.Call(RemoteCalls.buildCallRequest(program, "add", List.of(1L, 2L))));
        assertEquals(3L, cold.value());
        assertTrue(known(token, program).size() >= 1);
        int held = program.blobs().size(); // the cold call sent, and the connection keeps, every blob of the program

        try (JMXConnector c = ItServer.jmx()) {
            MBeanServerConnection mbeans = c.getMBeanServerConnection();
            ObjectName caches = new ObjectName("dev.shaperemote:type=Caches");
            long before = (Long) mbeans.getAttribute(caches, "Entries");
            assertEquals(true, mbeans.invoke(caches, "evictConnection", new Object[] {token}, new String[] {String.class.getName()}));
            assertEquals(before - held, (Long) mbeans.getAttribute(caches, "Entries"));
            assertEquals(false, mbeans.invoke(caches, "evictConnection", new Object[] {"AAAAAAAAAAAAAAAAAAAAAA"}, new String[] {String.class.getName()}));
        }
        assertEquals(List.of(), known(token, program));
        // A warm call by hash alone now misses: the caller has to send the blobs again.
        WireMessage.RemoteCallResponse warm = call(token, new WireMessage.Call(
                RemoteCalls.buildCallRequestNegotiated(program, "add", List.of(1L, 2L), program.blobs().keySet())));
        assertEquals("FunctionNotFound", warm.error().kind());
    }

    private static long active() {
        try {
            ObjectValue pool = (ObjectValue) json(get("/api/v1/admin/stats")).fields.get("pool");
            return (Long) pool.fields.get("active");
        } catch (Exception e) {
            return -1;
        }
    }

    private static WireMessage.RemoteCallResponse call(String token, WireMessage call) throws Exception {
        return assertInstanceOf(WireMessage.RemoteCallResponse.class, run(token, call));
    }

    private static List<?> known(String token, Program program) throws Exception {
        WireMessage.BlobNegotiationResponse r = assertInstanceOf(WireMessage.BlobNegotiationResponse.class,
                run(token, RemoteCalls.negotiationFor(program, "add")));
        return r.knownHashes();
    }

    /** One request through a job on the connection, answered as a response stream. */
    private static WireMessage run(String token, WireMessage request) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/jobs", WIRE, WireStreamWriter.toBytes(List.of(request), false),
                "Shape-Connection", token);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String path = java.net.URI.create(accepted.headers().firstValue("Location").orElseThrow()).getPath();
        await("the job", Duration.ofSeconds(30), () -> {
            try {
                return !"queued".equals(json(get(path)).fields.get("status")) && !"running".equals(json(get(path)).fields.get("status"));
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<byte[]> r = ItServer.getBytes(path, WIRE);
        return WireStreamReader.readAll(r.body(), WireLimits.DEFAULT).get(0);
    }
}
