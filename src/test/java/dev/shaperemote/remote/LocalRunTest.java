package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LocalRun}, and through it how {@link CallRun} classifies every ending. */
class LocalRunTest {

    @Test
    void returnsTheLastValueAndWhatWasPrinted() {
        CallRun.Outcome r = LocalRun.run("print(\"hi\")\nlet x = 40\nx + 2");
        assertTrue(r.ok(), () -> r.errorKind() + ": " + r.errorMessage());
        assertEquals(42L, r.value());
        assertEquals("hi\n", r.stdout());
    }

    @Test
    void aCompileErrorIsReportedWithItsKindLineAndColumn() {
        CallRun.Outcome r = LocalRun.run("let x = 1\nlet = = 3");
        assertEquals(RemoteErrorKind.CompileError, r.errorKind());
        assertEquals(2, r.line());
        assertTrue(r.column() > 0);
        assertNull(r.value());
    }

    @Test
    void aRuntimeErrorKeepsTheOutputPrintedBeforeIt() {
        CallRun.Outcome r = LocalRun.run("print(\"before\")\n1 / 0");
        assertEquals(RemoteErrorKind.RuntimeError, r.errorKind());
        assertEquals("before\n", r.stdout());
        assertEquals(2, r.line());
    }

    @Test
    void aRunawayLoopIsCancelledAtTheWallClockLimit() {
        long start = System.nanoTime();
        CallRun.Outcome r = LocalRun.run("while true { }", Budgets.defaults().withInstructions(Long.MAX_VALUE),
                Duration.ofMillis(300));
        assertEquals(RemoteErrorKind.Timeout, r.errorKind());
        assertEquals("the program ran longer than the wall-clock limit of 300 ms", r.errorMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "the cancelled run did not end promptly");
    }

    /** Work that links a trivial program and then fails on the VM as {@code failure} says. */
    private static CallRun.Work failing(CallRun.Subject subject, Supplier<Throwable> failure) {
        return new CallRun.Work() {
            @Override public BytecodeProgram program(RunControl control) { return Linker.link(ShapeCompiler.compile("print(\"out\")")); }

            @Override public Object run(Interpreter vm) {
                vm.runMain();
                Throwable t = failure.get();
                if (t instanceof RuntimeException e) throw e;
                throw (Error) t;
            }

            @Override public CallRun.Subject subject() { return subject; }
        };
    }

    private static CallRun.Outcome failWith(CallRun.Subject subject, Throwable t) {
        return CallRun.run(failing(subject, () -> t), Budgets.defaults(), new RunControl());
    }

    @Test
    void javaFailuresBecomeClassifiedErrorsThatNameNoJavaClass() {
        CallRun.Outcome overflow = failWith(CallRun.Subject.PROGRAM, new StackOverflowError());
        assertEquals(RemoteErrorKind.ResourceLimit, overflow.errorKind());
        assertEquals("out\n", overflow.stdout(), "what was printed before stays");
        assertEquals(RemoteErrorKind.ResourceLimit, failWith(CallRun.Subject.PROGRAM, new OutOfMemoryError("Java heap space")).errorKind());

        NullPointerException npe = new NullPointerException("Cannot invoke \"java.lang.Long.longValue()\"");
        CallRun.Outcome internal = failWith(CallRun.Subject.PROGRAM, npe);
        assertEquals(RemoteErrorKind.RuntimeError, internal.errorKind());
        assertSame(npe, internal.internalError());
        CallRun.Outcome call = failWith(CallRun.Subject.CALL, npe);
        assertEquals("the worker failed while running the call", call.errorMessage());
        for (CallRun.Outcome r : new CallRun.Outcome[] {overflow, internal, call}) {
            assertFalse(r.errorMessage().matches(".*(java\\.|Exception|Error\\b).*"), r.errorMessage());
        }
    }

    @Test
    void anArgumentTheCallerSentIsAnArgumentErrorButInAProgramItIsOurs() {
        IllegalArgumentException bad = new IllegalArgumentException("matrix data does not match rows x cols");
        assertEquals(RemoteErrorKind.ArgumentError, failWith(CallRun.Subject.CALL, bad).errorKind());
        CallRun.Outcome program = failWith(CallRun.Subject.PROGRAM, bad);
        assertEquals(RemoteErrorKind.RuntimeError, program.errorKind());
        assertSame(bad, program.internalError());
    }
}
