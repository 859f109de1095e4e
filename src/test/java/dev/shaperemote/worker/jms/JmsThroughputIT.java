package dev.shaperemote.worker.jms;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.shaperemote.worker.jms.JmsDriver.answer;
import static dev.shaperemote.worker.jms.JmsDriver.call;
import static dev.shaperemote.worker.jms.JmsDriver.post;
import static dev.shaperemote.worker.jms.JmsDriver.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A bounded throughput run (docs/BENCHMARKS.md, section "JMS"): the same trivial call, one by one over
 * JMS (persistent request, temporary reply queue, ShapeJmsClient in the server) and, when the worker has
 * {@code /api/v1/wire}, over HTTP from this JVM. Off unless {@code -Dshape.bench.jms=true}.
 */
@EnabledIfSystemProperty(named = "shape.bench.jms", matches = "true")
class JmsThroughputIT {
    static final int CALLS = Integer.getInteger("shape.bench.calls", 2_000);

    @Test
    void trivialCallsOverJmsAndHttp() throws Exception {
        byte[] request = stream(call("fn add(a, b) { a + b }", "add", List.of(2L, 3L)));
        HttpResponse<byte[]> one = JmsDriver.jmsCall(request, null);
        assertEquals(5L, assertInstanceOf(WireMessage.RemoteCallResponse.class, answer(one.body())).value());

        StringBuilder report = new StringBuilder();
        jms(request, 200, 1); // warm-up: JIT, connection pool, queues
        for (int concurrency : new int[] {1, 4}) {
            report.append(line("JMS", concurrency, jms(request, CALLS, concurrency)));
        }
        if (wireAvailable(request)) {
            for (int i = 0; i < 200; i++) wire(request);
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) wire(request);
            report.append(line("HTTP /api/v1/wire", 1, (System.nanoTime() - start) / 1_000_000));
        } else {
            report.append("HTTP /api/v1/wire: not in this build\n");
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "jms-throughput.txt"), report);
    }

    private static long jms(byte[] request, int count, int concurrency) throws Exception {
        HttpResponse<byte[]> r = post("/calls?count=" + count + "&concurrency=" + concurrency, request);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        ObjectValue o = assertInstanceOf(ObjectValue.class, JsonValues.parse(new String(r.body(), StandardCharsets.UTF_8)));
        assertEquals((long) count, o.fields.get("answered"));
        return (Long) o.fields.get("millis");
    }

    private static boolean wireAvailable(byte[] request) throws Exception { return wireStatus(request) != 404; }

    private static void wire(byte[] request) throws Exception { assertEquals(200, wireStatus(request)); }

    private static int wireStatus(byte[] request) throws Exception {
        return ItServer.HTTP.send(TestTokens.request(URI.create(ItServer.URL + "/api/v1/wire"))
                        .header("Content-Type", "application/x-shape-wire").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String line(String transport, int concurrency, long millis) {
        return String.format("%s, concurrency %d: %d calls in %d ms = %.0f calls/s%n", transport, concurrency, CALLS, millis,
                CALLS * 1000.0 / Math.max(1, millis));
    }
}
