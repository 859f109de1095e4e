package dev.shaperemote.conformance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shaperemote.remote.CallRun;
import dev.shaperemote.remote.LocalRun;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.Values;
import dev.shaperemote.wire.JsonValues;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every case of {@code conformance/shape-cases.jsonl} and {@code conformance/shape-cases-tier2.jsonl}
 * (copies of ../shared/conformance) by the rules of its README, prints a pass table per category for each
 * file, writes the failures to target/conformance-failures.txt and target/conformance-tier2-failures.txt,
 * and fails below the floors in {@code conformance/floor.properties}.
 */
class ConformanceTest {
    static final List<String> CORE = List.of("literals", "operators", "variables_bindings", "control_flow", "functions",
            "closures_hof", "arrays_vectors", "strings_formatting", "hashmap");
    static final Duration CASE_LIMIT = Duration.ofSeconds(10);

    record Case(String id, String category, String source, String kind, Object expected) {}

    @Test
    void passRatesStayAtOrAboveTheFloors() throws IOException {
        List<Case> cases = loadCases("shape-cases.jsonl");
        assertFalse(cases.isEmpty(), "no conformance cases found");
        Properties floors = loadFloors();

        Map<String, int[]> tally = new LinkedHashMap<>(); // category -> {passed, total}
        CORE.forEach(c -> tally.put(c, new int[2]));
        Run run = runAll(cases, tally, "target/conformance-failures.txt", "conformance.failures");

        int[] core = new int[2];
        int[] all = new int[2];
        StringBuilder table = header("Shape conformance", cases.size(), run.seconds());
        tally.forEach((category, t) -> {
            table.append(row(category, t));
            if (CORE.contains(category)) add(core, t);
            add(all, t);
        });
        table.append(row("core", core)).append(row("wider", new int[] {all[0] - core[0], all[1] - core[1]})).append(row("overall", all));
        System.out.println(table);
        System.out.println(run.failures() + " failing cases listed in " + run.report());

        double coreRate = rate(core);
        double overallRate = rate(all);
        double coreFloor = floor(floors, "core.floor");
        double overallFloor = floor(floors, "overall.floor");
        assertTrue(coreRate >= coreFloor, String.format("core pass rate %.4f is below the floor %.4f", coreRate, coreFloor));
        assertTrue(overallRate >= overallFloor, String.format("overall pass rate %.4f is below the floor %.4f", overallRate, overallFloor));
    }

    /** Tier 2: the rest of the language (traits, structs, borrow_refs, modules, ...), same rules, its own floor. */
    @Test
    void tier2PassRateStaysAtOrAboveItsFloor() throws IOException {
        List<Case> cases = loadCases("shape-cases-tier2.jsonl");
        assertFalse(cases.isEmpty(), "no tier-2 conformance cases found");
        Properties floors = loadFloors();

        Map<String, int[]> tally = new LinkedHashMap<>();
        Run run = runAll(cases, tally, "target/conformance-tier2-failures.txt", "conformance.tier2.failures");

        int[] all = new int[2];
        StringBuilder table = header("Shape conformance, tier 2", cases.size(), run.seconds());
        tally.forEach((category, t) -> {
            table.append(row(category, t));
            add(all, t);
        });
        table.append(row("overall", all));
        System.out.println(table);
        System.out.println(run.failures() + " failing tier-2 cases listed in " + run.report());

        double overallRate = rate(all);
        double overallFloor = floor(floors, "tier2.floor");
        assertTrue(overallRate >= overallFloor, String.format("tier-2 pass rate %.4f is below the floor %.4f", overallRate, overallFloor));
        double categoryFloor = floor(floors, "tier2.category.floor");
        tally.forEach((category, t) -> assertTrue(rate(t) >= categoryFloor,
                String.format("tier-2 category %s passes %d of %d, below the per-category floor %.2f", category, t[0], t[1], categoryFloor)));
    }

    record Run(long seconds, int failures, Path report) {}

    /** Runs every case, tallies it into {@code tally} (category -> {passed, total}) and writes the failures report. */
    private static Run runAll(List<Case> cases, Map<String, int[]> tally, String defaultReport, String reportProperty) throws IOException {
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (Case c : cases) {
            CallRun.Outcome r = LocalRun.run(c.source(), Budgets.defaults(), CASE_LIMIT);
            String why = failure(c, r);
            int[] t = tally.computeIfAbsent(c.category(), k -> new int[2]);
            t[1]++;
            if (why == null) t[0]++; else failures.add(c.id() + "\t" + why + "\n\tgot: " + describe(r));
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Path report = Path.of(System.getProperty(reportProperty, defaultReport));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, failures.size() + " failing cases\n\n" + String.join("\n", failures) + "\n");
        return new Run(seconds, failures.size(), report);
    }

    private static StringBuilder header(String title, int cases, long seconds) {
        return new StringBuilder(String.format("%n%s (%d cases, %d s)%n%-22s %7s %7s %8s%n",
                title, cases, seconds, "category", "passed", "total", "percent"));
    }

    /**
     * The same cases (both tiers) with hot functions compiled (every function compiled at its first call) and with the
     * interpreter only: outcome for outcome (value, error kind and message with its line, output) the same.
     */
    @Test
    void compiledAndInterpretedRunsAnswerTheSame() throws IOException {
        List<Case> cases = new ArrayList<>(loadCases("shape-cases.jsonl"));
        cases.addAll(loadCases("shape-cases-tier2.jsonl"));
        List<String> differences = new ArrayList<>();
        for (Case c : cases) {
            String interpreted = inMode("off", () -> describe(LocalRun.run(c.source(), Budgets.defaults(), CASE_LIMIT)));
            String compiled = inMode("on", () -> describe(LocalRun.run(c.source(), Budgets.defaults(), CASE_LIMIT)));
            if (!interpreted.equals(compiled)) differences.add(c.id() + "\n\tinterpreted: " + interpreted + "\n\tcompiled:    " + compiled);
        }
        System.out.println("conformance in both modes: " + cases.size() + " cases, " + differences.size() + " differ");
        assertTrue(differences.isEmpty(), String.join("\n", differences.subList(0, Math.min(10, differences.size()))));
    }

    /** Runs {@code body} with the JIT {@code on} (threshold 1) or {@code off}, as new interpreters read it. */
    static <T> T inMode(String mode, java.util.function.Supplier<T> body) {
        String jit = System.getProperty("shape.jit"), threshold = System.getProperty("shape.jit.threshold");
        System.setProperty("shape.jit", mode);
        System.setProperty("shape.jit.threshold", "1");
        try {
            return body.get();
        } finally {
            restore("shape.jit", jit);
            restore("shape.jit.threshold", threshold);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key); else System.setProperty(key, value);
    }

    /** Null when the case passes, otherwise what it expected. */
    static String failure(Case c, CallRun.Outcome r) {
        Object v = r.value();
        Object want = c.expected();
        boolean pass = switch (c.kind()) {
            case "number" -> r.ok() && Values.isNumeric(v) && want instanceof Number n && close(Values.toDouble(v), n.doubleValue());
            case "bool" -> r.ok() && v instanceof Boolean && v.equals(want);
            case "string" -> r.ok() && v instanceof String && v.equals(want);
            case "none" -> r.ok() && (v == Nil.NONE || v == Nil.UNIT || v == null);
            case "output" -> r.ok() && want instanceof String s && stripTrailingNewlines(r.stdout()).equals(stripTrailingNewlines(s));
            case "output_contains" -> r.ok() && want instanceof String s && stripTrailingNewlines(r.stdout()).contains(s);
            case "run_ok" -> r.ok();
            // A crash of the VM itself is not the program failing.
            case "run_err" -> !r.ok() && r.internalError() == null
                    && (want == null || (r.errorMessage() != null && r.errorMessage().contains(want.toString())));
            default -> false;
        };
        if (pass) return null;
        return "expected " + c.kind() + (want == null ? "" : " " + (want instanceof String s ? quote(s) : want));
    }

    static boolean close(double actual, double expected) {
        return actual == expected || Math.abs(actual - expected) <= 1e-10;
    }

    static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') end--;
        return s.substring(0, end);
    }

    private static String describe(CallRun.Outcome r) {
        StringBuilder sb = new StringBuilder();
        if (r.ok()) {
            String shown;
            try {
                shown = Values.display(r.value());
            } catch (ShapeError e) {
                shown = "<" + e.getMessage() + ">";
            }
            sb.append(Values.typeName(r.value())).append(' ').append(quote(shown));
        } else {
            sb.append("error[").append(r.errorKind()).append("]: ").append(r.errorMessage());
        }
        if (!r.stdout().isEmpty()) sb.append("\n\tstdout: ").append(quote(r.stdout()));
        if (r.internalError() != null) {
            sb.append("\n\tinternal: ").append(r.internalError());
            Arrays.stream(r.internalError().getStackTrace()).limit(8).forEach(f -> sb.append("\n\t\tat ").append(f));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        String t = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        return '"' + t.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }

    private static String row(String name, int[] t) {
        return String.format("%-22s %7d %7d %7.1f%%%n", name, t[0], t[1], 100 * rate(t));
    }

    private static void add(int[] into, int[] t) {
        into[0] += t[0];
        into[1] += t[1];
    }

    private static double rate(int[] t) { return t[1] == 0 ? 1.0 : (double) t[0] / t[1]; }

    private static double floor(Properties p, String key) {
        String v = p.getProperty(key);
        assertNotNull(v, key + " missing from conformance/floor.properties");
        double d = Double.parseDouble(v.trim());
        assertTrue(d >= 0 && d <= 1, key + " must be a fraction between 0 and 1, is " + v);
        return d;
    }

    private static Properties loadFloors() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/floor.properties")) {
            assertNotNull(in, "conformance/floor.properties not on the test classpath");
            p.load(in);
        }
        return p;
    }

    static List<Case> loadCases(String file) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/" + file)) {
            assertNotNull(in, "conformance/" + file + " not on the test classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                Map<String, Object> o = readObject(line);
                @SuppressWarnings("unchecked")
                Map<String, Object> expect = (Map<String, Object>) o.get("expect");
                cases.add(new Case((String) o.get("id"), (String) o.get("category"), (String) o.get("source"),
                        (String) expect.get("kind"), expect.get("value")));
            }
        }
        return cases;
    }

    /** A case line as maps, strings, numbers (Double), booleans and nulls; no tagged-value reading here. */
    private static Map<String, Object> readObject(String line) throws IOException {
        try (JsonParser p = JsonValues.factory().createParser(line)) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) plain(p);
            return o;
        }
    }

    private static Object plain(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, plain(p));
                }
                return m;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw new IOException("unexpected " + t + " in a conformance case");
        }
    }
}
