package dev.shaperemote.it;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shape programs and expected outputs that several integration suites share. */
public final class TestPrograms {
    /** Functions whose calls reach every answer of a wire call: values, dependencies, each error kind, a runaway. */
    public static final String CALLS = """
            fn add(a, b) { a + b }
            fn square(x) { x * x }
            fn sum_squares(a, b) { square(a) + square(b) }
            fn divide(a, b) {
              let q = a / b
              q
            }
            fn spin() { loop { } }
            fn deep(n) { deep(n + 1) }
            fn total(xs) { xs.sum() }
            """;
    public static final Program CALLS_PROGRAM = ShapeCompiler.compile(CALLS);

    private TestPrograms() {}

    /** A batch's output of the identity map over 0..n-1: exactly {@code {"index":i,"ok":{"Int":i}}}, once each, in order. */
    public static void assertIdentityOutput(String body, int n) {
        String[] lines = body.split("\n");
        assertEquals(n, lines.length);
        for (int i = 0; i < n; i++) {
            String expected = "{\"index\":" + i + ",\"ok\":{\"Int\":" + i + "}}";
            if (!expected.equals(lines[i])) throw new AssertionError("line " + i + " is " + lines[i]);
        }
    }
}
