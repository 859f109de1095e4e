package dev.shaperemote.client;

import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandTest {
    @TempDir Path dir;

    private static CliRun cli(String... args) { return CliRun.of(args); }

    private String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    /** The JSON output read back as plain JSON: an object whose fields hold the tagged value etc. */
    private static ObjectValue json(String line) {
        return assertInstanceOf(ObjectValue.class, JsonValues.parse(line));
    }

    @Test
    void printsTheOutputThenTheFinalValue() throws IOException {
        CliRun r = cli("eval", file("p.shape", "print(\"hello\")\n1 + 2"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("hello\n3\n", r.out());
    }

    @Test
    void interpretRunsTheSameProgramWithTheSameAnswer() throws IOException {
        String fib = "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nprint(fib(18))\nfib(20)";
        CliRun compiled = cli("eval", file("fib.shape", fib));
        CliRun interpreted = cli("eval", "--interpret", file("fib2.shape", fib));
        assertEquals(0, interpreted.exit(), interpreted.err());
        assertEquals("2584\n6765\n", interpreted.out());
        assertEquals(compiled.out(), interpreted.out());
        assertEquals(null, System.getProperty("shape.jit"), "the switch is put back after the run");
    }

    @Test
    void aFailingProgramReportsItsErrorKindOnStderrAndExitsWithOne() throws IOException {
        CliRun r = cli("eval", file("bad.shape", "let = = 3"));
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error[CompileError]: "), r.err());
    }

    @Test
    void jsonModePrintsOneObjectWithTheTaggedValue() throws IOException {
        CliRun r = cli("eval", "--json", file("p.shape", "print(\"hi\")\n[1, 2]"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count());
        assertTrue(r.out().startsWith("{\"value\":{\"Array\":[{\"Int\":1},{\"Int\":2}]},"), r.out());
        ObjectValue o = json(r.out());
        assertEquals(List.of("value", "display", "stdout", "error"), List.copyOf(o.fields.keySet()));
        assertEquals("[1, 2]", o.fields.get("display"));
        assertEquals("hi\n", o.fields.get("stdout"));
        assertSame(Nil.NONE, o.fields.get("error"));
    }

    @Test
    void jsonModeReportsAnErrorObject() throws IOException {
        CliRun r = cli("eval", "--json", file("p.shape", "1 / 0"));
        assertEquals(1, r.exit());
        ObjectValue o = json(r.out());
        assertSame(Nil.NONE, o.fields.get("value"));
        ObjectValue error = assertInstanceOf(ObjectValue.class, o.fields.get("error"));
        assertEquals("RuntimeError", error.fields.get("kind"));
        assertInstanceOf(String.class, error.fields.get("message"));
    }

    @Test
    void jsonlAnswersEveryLineInOrderEvenAfterRunawayAndMalformedCases() throws IOException {
        String cases = String.join("\n",
                "{\"id\": \"a\", \"source\": \"2 * 21\"}",
                "{\"id\": 7, \"source\": \"while true { }\"}",
                "this is not json",
                "{\"id\": \"no-source\"}",
                "",
                "{\"source\": \"print(\\\"x\\\")\", \"id\": \"last\"}") + "\n";
        CliRun r = cli("eval", "--jsonl", file("cases.jsonl", cases));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out());
        lines.forEach(l -> assertTrue(l.startsWith("{\"id\":"), l));

        ObjectValue first = json(lines.get(0));
        assertEquals("a", first.fields.get("id"));
        assertEquals(42L, first.fields.get("value"));

        ObjectValue runaway = json(lines.get(1));
        assertEquals(7L, runaway.fields.get("id"));
        String kind = (String) ((ObjectValue) runaway.fields.get("error")).fields.get("kind");
        assertTrue(kind.equals("ResourceLimit") || kind.equals("Timeout"), kind);

        ObjectValue malformed = json(lines.get(2));
        assertSame(Nil.NONE, malformed.fields.get("id"));
        assertEquals("ArgumentError", ((ObjectValue) malformed.fields.get("error")).fields.get("kind"));
        ObjectValue noSource = json(lines.get(3));
        assertEquals("no-source", noSource.fields.get("id"));
        assertNotEquals(Nil.NONE, noSource.fields.get("error"));

        ObjectValue last = json(lines.get(4));
        assertEquals("last", last.fields.get("id"));
        assertEquals("x\n", last.fields.get("stdout"));
        assertSame(Nil.NONE, last.fields.get("error"));
    }

    @Test
    void fileAndJsonlTogetherIsAUsageError() throws IOException {
        String f = file("p.shape", "1");
        assertEquals(2, cli("eval", f, "--jsonl", f).exit());
        assertEquals(2, cli("eval").exit());
    }
}
