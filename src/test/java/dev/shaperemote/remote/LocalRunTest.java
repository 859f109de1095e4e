package dev.shaperemote.remote;

import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.ShapeError;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRunTest {

    @Test
    void returnsTheLastValueAndWhatWasPrinted() {
        LocalRun.Result r = LocalRun.run("print(\"hi\")\nlet x = 40\nx + 2");
        assertTrue(r.ok(), () -> r.errorKind() + ": " + r.errorMessage());
        assertEquals(42L, r.value());
        assertEquals("hi\n", r.stdout());
    }

    @Test
    void aCompileErrorIsReportedWithItsKind() {
        LocalRun.Result r = LocalRun.run("let = = 3");
        assertEquals(ShapeError.Kind.CompileError, r.errorKind());
        assertNull(r.value());
    }

    @Test
    void aRuntimeErrorKeepsTheOutputPrintedBeforeIt() {
        LocalRun.Result r = LocalRun.run("print(\"before\")\n1 / 0");
        assertEquals(ShapeError.Kind.RuntimeError, r.errorKind());
        assertEquals("before\n", r.stdout());
    }

    @Test
    void aRunawayLoopIsCancelledAtTheWallClockLimit() {
        long start = System.nanoTime();
        LocalRun.Result r = LocalRun.run("while true { }", Budgets.defaults().withInstructions(Long.MAX_VALUE),
                Duration.ofMillis(300));
        assertEquals(ShapeError.Kind.Timeout, r.errorKind());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "the cancelled run did not end promptly");
    }

    @Test
    void javaFailuresBecomeClassifiedErrorsThatNameNoJavaClass() {
        LocalRun.Result overflow = LocalRun.classify(new StackOverflowError(), "out");
        assertEquals(ShapeError.Kind.ResourceLimit, overflow.errorKind());
        assertEquals("out", overflow.stdout());
        assertEquals(ShapeError.Kind.ResourceLimit, LocalRun.classify(new OutOfMemoryError("Java heap space"), "").errorKind());

        NullPointerException npe = new NullPointerException("Cannot invoke \"java.lang.Long.longValue()\"");
        LocalRun.Result internal = LocalRun.classify(npe, "");
        assertEquals(ShapeError.Kind.RuntimeError, internal.errorKind());
        assertSame(npe, internal.internalError());
        for (LocalRun.Result r : new LocalRun.Result[] {overflow, internal}) {
            assertFalse(r.errorMessage().matches(".*(java\\.|Exception|Error\\b).*"), r.errorMessage());
        }
    }
}
