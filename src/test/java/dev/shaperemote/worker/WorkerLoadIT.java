package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.shaperemote.it.ItServer.execute;
import static dev.shaperemote.it.ItServer.executeAsync;
import static dev.shaperemote.it.ItServer.get;
import static dev.shaperemote.it.ItServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timeouts and load shedding. The test server runs a pool of 2, a queue of 2 and a call timeout of
 * 5 s (the liberty-maven-plugin execution in pom.xml sets them), so both limits are easy to reach.
 */
class WorkerLoadIT {
    static final int POOL = 2;
    /** Runs around a hundred milliseconds: long enough for a flood to overlap, short enough for pool and queue to drain in time even on a loaded machine. */
    static final String BUSY = "let mut i = 0\nwhile i < 2000000 { i = i + 1 }\ni";

    @Test
    void runawayProgramsAreStoppedAndThePoolRecovers() throws Exception {
        for (int wave = 0; wave < 2; wave++) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < POOL; i++) calls.add(executeAsync("loop {}"));
            for (var call : calls) {
                HttpResponse<String> r = call.join();
                assertEquals(200, r.statusCode(), r.body());
                ObjectValue o = json(r);
                assertEquals(false, o.fields.get("success"));
                String error = (String) o.fields.get("error");
                assertTrue(error.startsWith("Timeout: ") || error.startsWith("ResourceLimit: "), r.body());
            }
        }
        // The VMs really stopped: their slots are free, so ordinary calls run at once.
        awaitIdlePool();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = execute("fn add(a, b) { a + b }\nadd(2, 3)");
            assertEquals(200, r.statusCode(), r.body()); // admitted at once: no slot is still held by a runaway
            assertEquals(5L, json(r).fields.get("value"), r.body());
        }
    }

    @Test
    void aFloodBeyondPoolAndQueueIsRefusedWhileAcceptedCallsFinish() throws Exception {
        awaitIdlePool();
        execute(BUSY); // warm the VM so the accepted calls finish well inside the timeout
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) calls.add(executeAsync(BUSY));
        int ok = 0, overloaded = 0;
        for (var call : calls) {
            HttpResponse<String> r = call.join();
            if (r.statusCode() == 200) {
                ObjectValue o = json(r);
                assertEquals(true, o.fields.get("success"), r.body());
                assertEquals(2_000_000L, o.fields.get("value"));
                ok++;
            } else {
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("Overloaded", json(r).fields.get("kind"));
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After missing");
                overloaded++;
            }
        }
        // At least the pool's worth is accepted; how many more depends on how fast slots free up while the
        // flood arrives, so only the lower bound is a property of the worker.
        assertTrue(ok >= POOL, "accepted " + ok);
        assertTrue(overloaded >= 1, "nothing was refused");
        assertTrue(ItServer.metrics().contains("kind=\"Overloaded\""));
    }

    /** Waits until no call holds a pool slot (the running gauge reads 0). */
    static void awaitIdlePool() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            String metrics = ItServer.metrics();
            if (metrics.matches("(?s).*\\nshape_pool_running\\{[^}]*} 0\\.0.*")) return;
            assertTrue(System.currentTimeMillis() < deadline, "the pool never became idle:\n" + metrics);
            Thread.sleep(100);
        }
    }
}
