package dev.shaperemote.client;

import dev.shaperemote.remote.RemoteCallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --worker} for a fleet, and {@link WorkerBatches} keeping each batch with the worker that accepted it. */
class FleetCliTest {
    final FakeWorker good = new FakeWorker(), other = new FakeWorker();

    @AfterEach void stop() {
        good.close();
        other.close();
    }

    @Command static final class Options {
        @Mixin WorkerOption worker;
    }

    private static List<URI> workers(String... args) {
        Options o = new Options();
        new CommandLine(o).parseArgs(args);
        return o.worker.urls;
    }

    @Test
    void workerTakesOneURLRepeatsAndCommaSeparatedLists() {
        assertEquals(List.of(URI.create("http://localhost:9080")), workers());
        assertEquals(List.of(URI.create("http://a:1")), workers("--worker", "http://a:1"));
        assertEquals(List.of(URI.create("http://a:1"), URI.create("http://b:2"), URI.create("http://c:3")),
                workers("--worker", "http://a:1, http://b:2", "--worker", "http://c:3"));
    }

    @Test
    void theCallCommandGoesPastADeadWorker(@TempDir Path dir) throws Exception {
        String source = Files.writeString(dir.resolve("add.shape"), "fn add(a, b) { a + b }\n").toString();
        URI dead = FakeWorker.dead();
        CliRun r = CliRun.of("call", source, "--function", "add", "--args", "[2, 3]", "--repeat", "3",
                "--worker", dead + "," + good.url(), "--token", "t");
        assertEquals(0, r.exit(), r.err());
        assertEquals("5", r.out().strip());
        assertEquals(3, good.requestIds.size());
        CliRun down = CliRun.of("call", source, "--function", "add", "--args", "[2, 3]", "--worker", dead.toString(),
                "--worker", FakeWorker.dead().toString(), "--token", "t");
        assertEquals(1, down.exit());
        assertTrue(down.err().startsWith("error[Overloaded]: no worker answered; tried " + dead + "/ (connection refused), "), down.err());
    }

    @Test
    void aBatchIsSubmittedToAWorkerThatTakesItThenStaysThere() throws Exception {
        other.batchStatus = 503;
        Path input = Files.writeString(Files.createTempFile("records", ".jsonl"), "[1]\n[2]\n");
        WorkerBatches batches = new WorkerBatches(List.of(other.url(), good.url()), "t");
        WorkerBatches.Status started = batches.start("fn f(x) { x }", "f", input, false, null);
        assertEquals(URI.create(good.url() + "/"), batches.workerOf(started.id()));
        for (int i = 0; i < 3; i++) assertEquals("completed", batches.status(started.id()).status());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        batches.output(started.id(), out);
        assertTrue(out.toString().contains("\"ok\""));
        assertEquals(List.of("POST /api/v1/batches"), other.batchRequests, "only the submission was offered to the busy worker");
        assertEquals(5, good.batchRequests.size());

        good.close(); // the worker that holds the batch stops: no other worker is asked about it
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> batches.status(started.id()));
        assertTrue(e.getMessage().contains("the worker at " + good.url() + "/"), e.getMessage());
        assertEquals(1, other.batchRequests.size());
        Files.delete(input);
    }

    @Test
    void aBatchStartedElsewhereIsFollowedOnTheFirstWorkerThatAnswers() throws Exception {
        URI dead = FakeWorker.dead();
        WorkerBatches batches = new WorkerBatches(List.of(dead, good.url()), "t");
        WorkerBatches.Status s = batches.await("7", Duration.ofMillis(10), x -> { });
        assertEquals("completed", s.status());
        assertEquals(URI.create(good.url() + "/"), batches.workerOf("7"));
        assertFalse(good.batchRequests.isEmpty());
    }
}
