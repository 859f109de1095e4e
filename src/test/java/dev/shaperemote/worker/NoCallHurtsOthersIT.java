package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.shaperemote.it.ItServer.HTTP;
import static dev.shaperemote.it.ItServer.URL;
import static dev.shaperemote.it.ItServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program the security review sent (an array nested into itself 40 times, then printed: cheap to build,
 * exponential to format) ends with ResourceLimit, while another caller's trivial calls go on and the server's
 * heap stays small.
 */
class NoCallHurtsOthersIT {
    private static final String NESTED = "let mut a = [1]\nfor i in range(0, 40) { a = [a, a] }\nprint(a)";
    private static final long GIGABYTE = 1L << 30;

    @Test
    void theNestedArrayProgramEndsWithResourceLimitWhileAnotherCallerIsServed() throws Exception {
        String mallory = TestTokens.caller("it-mallory"), bob = TestTokens.caller("it-bob");
        try (JMXConnector jmx = ItServer.jmx()) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            // Used heap counts garbage too: start from a collected heap, so the peak is what these calls made.
            mbeans.invoke(new ObjectName("java.lang:type=Memory"), "gc", null, null);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong peakHeap = new AtomicLong();
            CompletableFuture<Void> heap = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    try {
                        CompositeData usage = (CompositeData) mbeans.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
                        peakHeap.accumulateAndGet((Long) usage.get("used"), Math::max);
                        Thread.sleep(50);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            List<Long> bobMillis = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> bobCalls = CompletableFuture.runAsync(() -> {
                while (running.get() || bobMillis.size() < 20) { // all through Mallory's call
                    try {
                        long start = System.nanoTime();
                        HttpResponse<String> r = execute(bob, "fn add(a, b) { a + b }\nadd(2, 3)");
                        bobMillis.add((System.nanoTime() - start) / 1_000_000);
                        assertEquals(200, r.statusCode(), r.body());
                        assertEquals(5L, json(r).fields.get("value") instanceof ObjectValue v ? v.fields.get("Int") : json(r).fields.get("value"));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            HttpResponse<String> nested;
            int servedBefore, servedDuring;
            try {
                // Bob's calls are under way, past the cold server's first answers, before Mallory's starts.
                while (bobMillis.size() < 5 && !bobCalls.isDone()) Thread.sleep(10);
                servedBefore = bobMillis.size();
                nested = execute(mallory, NESTED);
                servedDuring = bobMillis.size() - servedBefore;
            } finally {
                running.set(false);
            }
            bobCalls.join();
            heap.join();

            assertEquals(200, nested.statusCode(), nested.body());
            String error = (String) json(nested).fields.get("error");
            // The server's call timeout is 5 s: ResourceLimit, not Timeout, is the program stopped by its budget in time.
            assertTrue(error != null && error.startsWith("ResourceLimit"), nested.body());
            assertTrue(peakHeap.get() < GIGABYTE, "the server's used heap reached " + peakHeap.get() + " bytes");
            assertTrue(bobMillis.size() >= 20, "Bob's calls: " + bobMillis);
            // Served means answered while Mallory's call ran, not blocked behind it: no clock, only an order of events.
            assertTrue(servedDuring >= 3, "only " + servedDuring + " of Bob's calls were answered while Mallory's ran: " + bobMillis);
        }
    }

    private static HttpResponse<String> execute(String token, String code) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/api/v1/execute")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ItServer.executeBody(code))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
