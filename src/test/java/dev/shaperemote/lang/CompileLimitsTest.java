package dev.shaperemote.lang;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compiling caller source is bounded: by its size, by nesting, and by a checkpoint a deadline can stop. */
class CompileLimitsTest {
    @Test
    void sourceOverTheLimitIsACompileErrorThatNamesTheLimit() {
        String source = "let x = 1\n".repeat(200);
        CompileError e = assertThrows(CompileError.class, () -> ShapeCompiler.compile(source, CompileLimits.DEFAULT.withMaxSourceBytes(1000)));
        assertTrue(e.getMessage().contains("limit of 1000 bytes"), e.getMessage());
        ShapeCompiler.compile(source, CompileLimits.DEFAULT.withMaxSourceBytes(source.length()));
    }

    @Test
    void theLimitCountsUtf8Bytes() {
        String source = "let s = \"" + "é".repeat(400) + "\"\n"; // 400 chars, 800 bytes inside the quotes
        assertThrows(CompileError.class, () -> ShapeCompiler.compile(source, CompileLimits.DEFAULT.withMaxSourceBytes(600)));
    }

    @Test
    void theDefaultLimitIsOneMebibyte() {
        assertEquals(1L << 20, CompileLimits.DEFAULT.maxSourceBytes());
        String big = "1\n".repeat((1 << 19) + 1);
        assertThrows(CompileError.class, () -> ShapeCompiler.compile(big));
    }

    @Test
    void theCheckpointStopsACompile() {
        String source = "let x = 1 + 2 + 3\n".repeat(10_000);
        AtomicInteger calls = new AtomicInteger();
        RuntimeException stop = new IllegalStateException("deadline");
        RuntimeException e = assertThrows(IllegalStateException.class, () -> ShapeCompiler.compile(source,
                CompileLimits.DEFAULT.withCheckpoint(() -> { if (calls.incrementAndGet() > 3) throw stop; })));
        assertEquals(stop, e);
    }

    @Test
    void deepNestingAndLongChainsAreCompileErrorsNeverAStackOverflow() {
        String[] sources = {
                "(".repeat(100_000) + "1" + ")".repeat(100_000),
                "[".repeat(100_000) + "1" + "]".repeat(100_000),
                "{".repeat(100_000) + "1" + "}".repeat(100_000),
                "-".repeat(100_000) + "1",
                "!".repeat(100_000) + "true",
                "- ".repeat(100_000) + "1",
                "if true { ".repeat(50_000) + "1" + " }".repeat(50_000),
                "fn f() { ".repeat(50_000) + "1" + " }".repeat(50_000),
        };
        for (String source : sources) {
            CompileError e = assertThrows(CompileError.class, () -> ShapeCompiler.compile(source), source.substring(0, 10));
            assertTrue(e.getMessage().contains("nest"), e.getMessage());
        }
    }
}
