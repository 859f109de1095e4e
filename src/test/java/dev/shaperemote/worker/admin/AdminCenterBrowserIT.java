package dev.shaperemote.worker.admin;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import com.microsoft.playwright.Locator;
import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.shaperemote.it.ItServer.await;
import static dev.shaperemote.it.ItServer.getAs;
import static dev.shaperemote.it.ItServer.json;
import static dev.shaperemote.it.ItServer.post;
import static dev.shaperemote.it.ItServer.postAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's view of a batch in a real browser: a {@code shape-map} job started over REST shows in Admin
 * Center's Java Batch tool with its job name, state and parameters (the record total among them); Stop and
 * Restart from the tool's action menu stop it at a checkpoint and resume it, and it completes with every
 * result exactly once, in order. Screenshots of each stage land in {@code target/admin-center/}.
 */
class AdminCenterBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "admin-center");
    private static final int RECORDS = 10_000;
    private static final int CHECKPOINT = 20;
    /**
     * The job's function, from a file under the batch directory that the processor reads when an execution
     * starts. Until the stop it is slow (minutes for the whole input), so the job still runs however long the
     * browser takes to get to it; before the restart the file gets a fast function with the same results, so
     * the rest takes seconds.
     */
    private static final String SLOW = "fn f(i) {\n  let mut k = 0\n  while k < 2000000 { k = k + 1 }\n  i\n}\n";
    private static final String FAST = "fn f(i) { i }\n";
    private static final Duration BATCH_WAIT = Duration.ofMinutes(4);
    private static final Duration UI_WAIT = Duration.ofSeconds(90);

    @Test
    void theJavaBatchToolShowsABatchAndStopsAndRestartsIt() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String name = "admin-center-" + UUID.randomUUID();
        Path source = Files.createDirectories(ItServer.BATCH_DIR.resolve("sources")).resolve(name + ".shape");
        Files.writeString(source, SLOW);
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) records.append('[').append(i).append("]\n");
        Path input = Files.createDirectories(ItServer.BATCH_DIR.resolve("inputs")).resolve(name + ".jsonl");
        Files.writeString(input, records);
        HttpResponse<String> started = post("/api/v1/batches", "application/json", ("{\"function\": \"f\", \"checkpoint\": " + CHECKPOINT + ", "
                + "\"source_file\": \"" + ItServer.BATCH_DIR.relativize(source) + "\", \"input\": \"" + ItServer.BATCH_DIR.relativize(input) + "\"}")
                .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + TestTokens.ADMIN); // files on the server: admins only
        assertEquals(201, started.statusCode(), started.body());
        String id = (String) json(started).fields.get("id"); // the REST handle; the batch is the admin's who started it
        long instance = (Long) json(started).fields.get("instance"); // the job instance the Java Batch tool lists

        JavaBatchTool tool = null;
        try {
            // Two chunks' writes behind it before the stop: the first checkpoint (and its step exit status) is
            // committed, so the restart has one to resume from and the execution page has a count to show.
            ObjectValue running = awaitBatch(id, "a checkpoint written", b -> (Long) b.fields.get("done") >= 2 * CHECKPOINT);
            long firstExecution = (Long) running.fields.get("execution");
            tool = JavaBatchTool.login(ItServer.ADMIN_USER, ItServer.ADMIN_PASSWORD, SCREENSHOTS);
            tool.showInstance(instance);
            assertThat(tool.cell(instance, "jobName")).hasText("shape-map");
            assertThat(tool.cell(instance, "instanceId")).hasText(Long.toString(instance));
            assertThat(tool.cell(instance, "appName")).hasText("shape-remote-worker");
            assertThat(tool.cell(instance, "instanceState")).hasText("Dispatched"); // Liberty's word for an instance that runs
            tool.screenshot("1-running");

            // While it runs, the step's exit status is the count of its last checkpoint: done so far, of the total.
            tool.showExecution(firstExecution);
            assertThat(tool.detail("execution-status")).containsText("Started");
            long shown = recordsDone(tool.stepExitStatus("map").innerText());
            long doneNow = (Long) batch(id).fields.get("done");
            assertTrue(shown > 0 && shown <= doneNow && shown < RECORDS, "running: the tool shows " + shown + " done, REST " + doneNow);
            tool.screenshot("2-running-execution");

            tool.stop(instance);
            ObjectValue stopped = awaitBatch(id, "stopped", b -> "stopped".equals(b.fields.get("status")));
            long done = (Long) stopped.fields.get("done");
            assertTrue(done > 0 && done < RECORDS, "stopped mid-run: " + stopped);
            assertEquals(firstExecution, stopped.fields.get("execution"));
            tool.awaitState(instance, "Stopped", UI_WAIT);
            tool.screenshot("3-stopped");

            // The stopped execution shows exactly the records REST counts as done, in its step and its job log.
            tool.showExecution(firstExecution);
            assertThat(tool.detail("jobInstance-batchJobName")).hasText("shape-map");
            assertThat(tool.detail("execution-status")).containsText("Stopped");
            assertThat(tool.detail("execution-jobParameters")).containsText("\"total\" : \"" + RECORDS + "\"");
            assertThat(tool.stepExitStatus("map")).hasText(done + " of " + RECORDS + " records written");
            tool.screenshot("4-stopped-execution");
            assertThat(tool.jobLog(firstExecution)).containsText("shape-map: " + done + " of " + RECORDS + " records written");

            Files.writeString(source, FAST);
            tool.restart(instance);
            ObjectValue completed = awaitBatch(id, "completed after a restart",
                    b -> (Long) b.fields.get("execution") != firstExecution && "completed".equals(b.fields.get("status")));
            assertEquals((long) RECORDS, completed.fields.get("done"));
            assertEquals((long) RECORDS, completed.fields.get("total"));
            tool.awaitState(instance, "Completed", UI_WAIT);
            tool.screenshot("5-completed");

            // The restart's execution resumed at the stop's count and ended with every record.
            long secondExecution = (Long) completed.fields.get("execution");
            tool.showExecution(secondExecution);
            assertThat(tool.detail("execution-status")).containsText("Completed");
            assertThat(tool.stepExitStatus("map")).hasText(RECORDS + " of " + RECORDS + " records written");
            tool.screenshot("6-completed-execution");
            Locator log = tool.jobLog(secondExecution);
            assertThat(log).containsText("shape-map: resumed at " + done + " of " + RECORDS + " records written");
            assertThat(log).containsText("shape-map: " + RECORDS + " of " + RECORDS + " records written");
            tool.screenshot("7-completed-joblog");
        } catch (RuntimeException | AssertionError e) {
            if (tool != null) tool.screenshot("failure"); // what the browser showed when it failed
            throw e;
        } finally {
            if (tool != null) tool.close();
            postAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/stop"); // a test that failed leaves no slow job behind (409 if it ended)
        }

        // Stop and restart lost no record and wrote none twice: every index once, in order, with its result.
        HttpResponse<String> out = getAs(TestTokens.ADMIN, "/api/v1/batches/" + id + "/output");
        assertEquals(200, out.statusCode());
        String[] lines = out.body().split("\n");
        assertEquals(RECORDS, lines.length);
        for (int i = 0; i < RECORDS; i++) assertEquals("{\"index\":" + i + ",\"ok\":{\"Int\":" + i + "}}", lines[i], "line " + i);
    }

    /** N of a step exit status "N of TOTAL records written" (the tool shows the text; REST the number). */
    private static long recordsDone(String exitStatus) {
        Matcher m = Pattern.compile("(\\d+) of " + RECORDS + " records written").matcher(exitStatus.trim());
        assertTrue(m.matches(), "the step's exit status reads '" + exitStatus + "'");
        return Long.parseLong(m.group(1));
    }

    private static ObjectValue batch(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = getAs(TestTokens.ADMIN, "/api/v1/batches/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    /** Polls {@code GET /api/v1/batches/{id}} until {@code condition} holds; a batch that ends otherwise fails at once. */
    private static ObjectValue awaitBatch(String id, String what, Predicate<ObjectValue> condition) throws InterruptedException {
        ObjectValue[] last = new ObjectValue[1];
        await("batch " + id + ": " + what, BATCH_WAIT, () -> {
            try {
                last[0] = batch(id);
            } catch (IOException | InterruptedException e) {
                return false;
            }
            Object status = last[0].fields.get("status");
            if ("failed".equals(status) || "abandoned".equals(status)) throw new AssertionError("batch ended " + last[0]);
            boolean reached = condition.test(last[0]);
            if (!reached && "completed".equals(status)) throw new AssertionError("batch completed before " + what + ": " + last[0]);
            return reached;
        });
        return last[0];
    }
}
