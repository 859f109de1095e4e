package dev.shaperemote.worker;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.CallRun;
import dev.shaperemote.remote.RunControl;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.jit.CompiledFunction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code shape.worker.jit} and {@code shape.worker.jit.threshold} reach the VM of a run, through the budgets a call runs under. */
class WorkerJitSettingTest {
    /** fib(15) makes 1 973 calls of fib. */
    private static final String FIB = "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nfib(15)";

    @Test
    void withTheJitOffAHotFunctionStaysInterpreted() {
        assertNull(fibAfterARun(config("off", 10)).compiled);
    }

    @Test
    void withTheJitOnAFunctionAsHotAsTheThresholdIsCompiled() {
        assertInstanceOf(CompiledFunction.class, fibAfterARun(config("on", 10)).compiled);
    }

    @Test
    void aThresholdAboveTheFunctionsHeatLeavesItInterpreted() {
        assertNull(fibAfterARun(config("on", 1_000_000)).compiled);
    }

    @Test
    void aSettingOtherThanOnOrOffIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> config("sometimes", 10).budgets());
    }

    /** Runs fib(15) as the worker runs a call, under its configuration's budgets, and answers fib's function. */
    private static FunctionProto fibAfterARun(WorkerConfig config) {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(FIB));
        CallRun.Outcome o = CallRun.run(new CallRun.Work() {
            @Override public BytecodeProgram program(RunControl control) { return p; }
            @Override public Object run(Interpreter vm) { return vm.runMain(); }
            @Override public CallRun.Subject subject() { return CallRun.Subject.PROGRAM; }
        }, config.budgets(), new RunControl());
        assertEquals(610L, o.value(), o.errorMessage());
        return p.byName("fib").get(0);
    }

    private static WorkerConfig config(String jit, int threshold) {
        WorkerConfig c = new WorkerConfig();
        c.maxInstructions = 10_000_000;
        c.maxMemoryBytes = 1 << 20;
        c.maxCallDepth = 200;
        c.maxOutputBytes = 1 << 10;
        c.jit = jit;
        c.jitThreshold = threshold;
        return c;
    }
}
