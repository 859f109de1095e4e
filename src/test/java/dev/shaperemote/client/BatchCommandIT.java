package dev.shaperemote.client;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shape-remote batch} from the packaged jar against the worker the build started: upload, progress, results. */
class BatchCommandIT {
    static final String WORKER = ItServer.URL;

    record Run(int exit, String stdout, String stderr) {}

    private static Run run(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ClientJarIT.JAR.toString(), "batch"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SHAPE_REMOTE_TOKEN", TestTokens.CALLER); // as a user who ran `shape-remote token` would
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "shape-remote batch did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void mapsAFunctionOverAFileShowsProgressAndWritesEveryResultInOrder(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("square.shape"), "fn square(x) { x * x }\n");
        StringBuilder records = new StringBuilder();
        int n = 3000;
        for (int i = 0; i < n; i++) records.append(i == 1234 ? "[\"not a number\"]" : "[" + i + "]").append('\n');
        Path input = Files.writeString(dir.resolve("numbers.jsonl"), records);
        Path results = dir.resolve("results.jsonl");

        Run r = run(dir, source.toString(), input.toString(), "--function", "square", "--worker", WORKER,
                "--out", results.toString(), "--progress", "lines", "--poll-ms", "100", "--checkpoint", "500");

        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("started on " + WORKER + ": " + n + " record(s)"), r.stderr());
        assertTrue(r.stderr().contains(n + "/" + n + " records (100%)"), r.stderr());
        assertTrue(r.stderr().contains("completed: " + n + " result(s) in " + results), r.stderr());
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        assertEquals(n, lines.size());
        for (int i = 0; i < n; i++) {
            ObjectValue line = assertInstanceOf(ObjectValue.class, JsonValues.parse(lines.get(i)), lines.get(i));
            assertEquals((long) i, line.fields.get("index"));
            if (i == 1234) {
                ObjectValue err = assertInstanceOf(ObjectValue.class, line.fields.get("err"), lines.get(i));
                assertTrue(String.valueOf(err.fields.get("message")).length() > 0, lines.get(i));
            } else {
                assertEquals((long) i * i, line.fields.get("ok"), lines.get(i));
            }
        }
    }

    @Test
    void resultsGoToStandardOutputAndAttachFollowsAnExistingBatch(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("inc.shape"), "fn inc(x) { x + 1 }\n");
        Path input = Files.writeString(dir.resolve("in.jsonl"), "[1]\n[2]\n[3]\n");
        Run r = run(dir, source.toString(), input.toString(), "--function", "inc", "--worker", WORKER, "--progress", "none");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of("{\"index\":0,\"ok\":{\"Int\":2}}", "{\"index\":1,\"ok\":{\"Int\":3}}", "{\"index\":2,\"ok\":{\"Int\":4}}"),
                r.stdout().lines().toList());
        String id = r.stderr().replaceAll("(?s).*batch ([A-Za-z0-9_-]+) started.*", "$1");
        Run again = run(dir, "--attach", id, "--worker", WORKER, "--progress", "none");
        assertEquals(0, again.exit(), again.stderr());
        assertEquals(r.stdout(), again.stdout());
    }

    @Test
    void refusalsAreOneLineWithTheWorkersKind(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("f.shape"), "fn f(x) { x }\n");
        Path input = Files.writeString(dir.resolve("in.jsonl"), "[1]\n");

        Run unknown = run(dir, source.toString(), input.toString(), "--function", "nope", "--worker", WORKER);
        assertEquals(1, unknown.exit());
        assertTrue(unknown.stderr().startsWith("error[FunctionNotFound]: "), unknown.stderr());
        assertTrue(unknown.stderr().contains("(HTTP 400)"), unknown.stderr());

        Run noBatch = run(dir, "--attach", "987654321", "--worker", WORKER);
        assertEquals(1, noBatch.exit());
        assertTrue(noBatch.stderr().contains("no batch 987654321"), noBatch.stderr());

        Run down = run(dir, source.toString(), input.toString(), "--function", "f", "--worker", "http://127.0.0.1:9");
        assertEquals(1, down.exit());
        assertTrue(down.stderr().startsWith("error[Overloaded]: cannot reach the worker"), down.stderr());
        assertTrue(!down.stderr().contains("Exception"), down.stderr());
    }
}
