package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.shaperemote.it.ItServer.HTTP;
import static dev.shaperemote.it.ItServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault Tolerance's deadline stops the VM: a program that joins a 300,000-element array over and over runs into
 * the wall clock (the test server's budget of instructions is far away), is answered Timeout, and its thread is
 * back in the pool at once; a server stops promptly while such programs fill its pool.
 */
class CallCancellationIT {
    /** Each join is a long builtin; the loop only ends when something stops it. */
    static final String JOINING_LOOP = "let a = range(0, 300000).map(|i| i)\nlet mut n = 0\n"
            + "while true { n = n + a.join(\",\").length }\nn";

    @Test
    void aJoiningLoopAnswersTimeoutAndItsThreadIsFreeWithinAFewMilliseconds() throws Exception {
        WorkerLoadIT.awaitIdlePool();
        HttpResponse<String> r = ItServer.execute(JOINING_LOOP);
        assertEquals(200, r.statusCode(), r.body());
        ObjectValue answer = json(r);
        assertEquals(false, answer.fields.get("success"), r.body());
        assertTrue(String.valueOf(answer.fields.get("error")).startsWith("Timeout:"), r.body());
        ItServer.await("the pool to be idle", Duration.ofSeconds(10), () -> pool(ItServer.URL).fields.get("active").equals(0L));
        // Measured by the worker between the deadline and the thread's release, so the client's and the
        // network's delays are not in it.
        long stopMillis = (Long) pool(ItServer.URL).fields.get("longest_stop_ms");
        assertTrue(stopMillis <= 200, "a cancelled call kept its thread " + stopMillis + " ms past its deadline");
    }

    @Test
    void aServerStopsWithinTenSecondsWhileSixteenJoiningLoopsRun() throws Exception {
        // A deadline far away, so that what ends the calls is the stop (SIGTERM, as orchestrators send; the worker's
        // shutdown hook stops its calls before Liberty's quiesce would wait for them). Threads enough for 16
        // CPU-bound calls and the server's own work at once.
        try (ItServer.Copy server = ItServer.startCopy("shapeStopIt", "-Dshape.worker.pool.size=16",
                "-Dshape.worker.queue.size=16", "-Dshape.worker.call.timeout-ms=120000",
                "-Dshape.worker.executor.core-threads=40")) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(HTTP.sendAsync(TestTokens.request(URI.create(server.url() + "/api/v1/execute"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(ItServer.executeBody(JOINING_LOOP))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            ItServer.await("16 calls running", Duration.ofSeconds(60), () -> pool(server.url()).fields.get("active").equals(16L));
            long start = System.nanoTime();
            server.terminate();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, "the server took " + millis + " ms to stop with 16 calls running");
            for (var call : calls) call.handle((response, error) -> null).join(); // answered or cut off, never hanging
        }
    }

    /** The pool's numbers from the admin statistics of the worker at {@code base}. */
    static ObjectValue pool(String base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/stats"))
                    .header("Authorization", "Bearer " + TestTokens.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return (ObjectValue) json(r).fields.get("pool");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
