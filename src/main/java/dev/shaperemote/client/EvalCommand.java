package dev.shaperemote.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shaperemote.remote.CallRun;
import dev.shaperemote.remote.LocalRun;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.Values;
import dev.shaperemote.wire.JsonValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code shape-remote eval}: runs Shape programs on this machine, one file or a JSON-lines batch. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Compiles and runs a Shape program locally and prints its output and final value.",
                "With --jsonl, runs every {\"id\", \"source\"} line of a file and writes one result object per line."})
public final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.shape", description = "the program to run")
    Path file;

    @Option(names = "--json", description = "print one JSON object {value, display, stdout, error}")
    boolean json;

    @Option(names = "--jsonl", paramLabel = "FILE.jsonl", description = "run each {\"id\", \"source\"} line; write one JSON result per line")
    Path jsonl;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "wall-clock limit of each run (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--interpret", description = "run everything in the interpreter: compile no hot function to JVM code")
    boolean interpret;

    @Override public Integer call() throws IOException {
        if ((file == null) == (jsonl == null)) {
            throw new ParameterException(spec.commandLine(), "give either FILE.shape or --jsonl FILE.jsonl");
        }
        if (timeoutSeconds <= 0) throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        // The switch every interpreter reads when it is made (docs/BYTECODE.md#the-jit), put back afterwards
        // for whoever runs the command inside a longer-lived JVM.
        String jit = System.getProperty("shape.jit");
        if (interpret) System.setProperty("shape.jit", "off");
        try {
            return jsonl != null ? runBatch() : runOne();
        } finally {
            if (interpret) {
                if (jit == null) System.clearProperty("shape.jit"); else System.setProperty("shape.jit", jit);
            }
        }
    }

    private int runOne() throws IOException {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return cannotRead(file);
        }
        Rendered r = Rendered.of(LocalRun.run(source, Budgets.defaults(), Duration.ofSeconds(timeoutSeconds)));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(r.toJson(false, null));
        } else {
            out.print(r.run().stdout());
            Object value = r.run().value();
            if (r.run().ok() && value != Nil.NONE && value != Nil.UNIT && value != null) out.println(r.display());
        }
        out.flush();
        if (!json && !r.run().ok()) {
            spec.commandLine().getErr().println("error[" + r.run().errorKind() + "]: " + r.run().errorMessage());
        }
        return r.run().ok() ? 0 : 1;
    }

    /** Every case is answered, in order; a case that fails (or a line that is not a case) is an error object. */
    private int runBatch() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean progress = System.console() != null;
        Duration limit = Duration.ofSeconds(timeoutSeconds);
        int done = 0;
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                Case c = Case.parse(line, lineNo);
                CallRun.Outcome r = c.problem() != null
                        ? CallRun.Outcome.failure("", RemoteErrorKind.ArgumentError, c.problem(), null)
                        : LocalRun.run(c.source(), Budgets.defaults(), limit);
                out.println(Rendered.of(r).toJson(true, c.idJson()));
                out.flush();
                done++;
                if (progress) err.print("\r" + done + " cases done");
            }
        } catch (IOException e) {
            return cannotRead(jsonl);
        }
        if (progress) err.println();
        err.flush();
        return 0;
    }

    private int cannotRead(Path path) {
        spec.commandLine().getErr().println("error: cannot read " + path);
        return 1;
    }

    /** One input line: its id as raw JSON (or null), and its source or what is wrong with the line. */
    record Case(String idJson, String source, String problem) {
        static Case parse(String line, int lineNo) {
            String id = null;
            String source = null;
            try (JsonParser p = JsonValues.factory().createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return new Case(null, null, "line " + lineNo + ": not a JSON object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("id") && t.isScalarValue()) id = rawScalar(p);
                    else if (name.equals("source") && t == JsonToken.VALUE_STRING) source = p.getText();
                    else p.skipChildren();
                }
                if (p.nextToken() != null) return new Case(id, null, "line " + lineNo + ": unexpected content after the object");
            } catch (IOException e) {
                return new Case(id, null, "line " + lineNo + ": malformed JSON");
            }
            if (source == null) return new Case(id, null, "line " + lineNo + ": no \"source\" string");
            return new Case(id, source, null);
        }

        private static String rawScalar(JsonParser p) throws IOException {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JsonValues.factory().createGenerator(w)) {
                g.copyCurrentEvent(p);
            }
            return w.toString();
        }
    }

    /** A run with its value encoded and displayed up front, so a value too deep to show becomes the run's error. */
    record Rendered(CallRun.Outcome run, String valueJson, String display) {
        static Rendered of(CallRun.Outcome r) {
            if (!r.ok()) return new Rendered(r, null, null);
            try {
                return new Rendered(r, JsonValues.toJson(r.value()), Values.display(r.value()));
            } catch (ShapeError e) {
                return new Rendered(CallRun.Outcome.failure(r.stdout(), RemoteErrorKind.of(e.kind()), e.getMessage(), r.metrics()), null, null);
            }
        }

        /** {"id"?, "value", "display", "stdout", "error"}, the id (raw JSON, null when unknown) only when asked for. */
        String toJson(boolean withId, String idJson) throws IOException {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JsonValues.factory().createGenerator(w)) {
                g.writeStartObject();
                if (withId) {
                    g.writeFieldName("id");
                    if (idJson == null) g.writeNull(); else g.writeRawValue(idJson);
                }
                g.writeFieldName("value");
                if (valueJson == null) g.writeNull(); else g.writeRawValue(valueJson);
                g.writeStringField("display", display);
                g.writeStringField("stdout", run.stdout());
                g.writeFieldName("error");
                if (run.ok()) {
                    g.writeNull();
                } else {
                    g.writeStartObject();
                    g.writeStringField("kind", run.errorKind().name());
                    g.writeStringField("message", run.errorMessage());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            return w.toString();
        }
    }
}
