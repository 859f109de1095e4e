package dev.shaperemote.vm;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No bad program may take the JVM down: each one ends in its budget's error. */
class VmSafetyTest {
    private static Interpreter vm(String source, Budgets budgets) {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(source));
        return new Interpreter(p, budgets);
    }

    private static ShapeError fails(String source, Budgets budgets) {
        return assertThrows(ShapeError.class, () -> vm(source, budgets).runMain());
    }

    @Test
    void unboundedRecursionHitsTheCallDepthBudget() {
        ShapeError e = fails("fn down(n) { down(n + 1) }\ndown(0)", Budgets.defaults());
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        assertTrue(e.getMessage().contains("call depth"), e.getMessage());
    }

    @Test
    void recursionThroughCallbacksIsBoundedToo() {
        ShapeError e = fails("fn down(n) { [n].map(|x| down(x + 1)) }\ndown(0)", Budgets.defaults());
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test
    void infiniteLoopHitsTheInstructionBudget() {
        ShapeError e = fails("let mut i = 0\nwhile true { i = i + 1 }", Budgets.defaults().withInstructions(5_000_000));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        assertTrue(e.getMessage().contains("instruction budget"), e.getMessage());
    }

    @Test
    void aHandWrittenBackwardConditionalJumpStillHitsTheBudget() {
        // top: TRUE; JUMP_IF_TRUE top — a loop our compiler never emits, but a hostile blob may.
        int[] code = {dev.shaperemote.bytecode.Op.TRUE, dev.shaperemote.bytecode.Op.JUMP_IF_TRUE, 0,
                dev.shaperemote.bytecode.Op.UNIT, dev.shaperemote.bytecode.Op.RETURN};
        var blob = dev.shaperemote.bytecode.FunctionBlob.create("spin", 0, java.util.List.of(), 0, false, 0,
                dev.shaperemote.bytecode.Instructions.encode(code), java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());
        BytecodeProgram p = Linker.link(java.util.Map.of(blob.contentHash(), blob), blob.contentHash());
        Interpreter vm = new Interpreter(p, Budgets.defaults().withInstructions(1_000_000));
        ShapeError e = assertThrows(ShapeError.class, vm::runMain);
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        assertTrue(vm.instructionsExecuted() >= 1_000_000 && vm.instructionsExecuted() < 1_100_000, "counted " + vm.instructionsExecuted());
    }

    @Test
    void instructionsAreCountedExactly() {
        Interpreter vm = vm("let mut i = 0\nwhile i < 10 { i = i + 1 }\ni", Budgets.defaults());
        vm.runMain();
        // per iteration LOAD_GLOBAL, CONST, CMP_JUMP, LOAD_GLOBAL, ADD_CONST, STORE_GLOBAL, JUMP = 7;
        // before: CONST, STORE_GLOBAL; last test: LOAD_GLOBAL, CONST, CMP_JUMP; after: LOAD_GLOBAL, RETURN
        assertEquals(2 + 10 * 7 + 3 + 2, vm.instructionsExecuted());
    }

    @Test
    void cancellationStopsARunningLoopAndFreesItsThread() throws Exception {
        Interpreter vm = vm("loop { }", Budgets.defaults().withInstructions(Long.MAX_VALUE));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                vm.runMain();
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "vm-safety-test");
        runner.setDaemon(true); // should the cancel not be seen, the endless loop must not keep the test JVM alive
        runner.start();
        RunningVm.await(runner);
        vm.cancel();
        runner.join(Duration.ofSeconds(20).toMillis());
        assertFalse(runner.isAlive(), "the loop went on after its cancel");
        ShapeError e = assertInstanceOf(ShapeError.class, ended.get(), "the loop did not end with the cancel's error");
        assertEquals(ShapeError.Kind.Timeout, e.kind());
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertTrue(vm.instructionsExecuted() > 0, "the loop ran before its cancel");
    }

    @Test
    void aTenGigabyteArrayHitsTheMemoryBudget() {
        for (String program : new String[] {
                "let mut a = []\nwhile true { a.push(1) }",
                "range(0, 10000000000)",
                "\"x\".repeat(10000000000)",
                "let mut s = \"xxxxxxxxxxxxxxxx\"\nwhile true { s = s + s }",
        }) {
            ShapeError e = fails(program, Budgets.defaults().withMemory(64L << 20));
            assertEquals(ShapeError.Kind.ResourceLimit, e.kind(), program + ": " + e.getMessage());
        }
    }

    @Test
    void garbageDoesNotCountAgainstTheMemoryBudget() {
        // 200 000 short-lived arrays allocate far more than the budget in total, but hold little at once.
        Object v = vm("let mut n = 0\nfor i in 0..200000 { let a = [i, i, i, i, i, i, i, i]\n n = n + a.len() }\nn",
                Budgets.defaults().withMemory(4L << 20)).runMain();
        assertEquals(1_600_000L, v);
    }

    @Test
    void printingIsBoundedByTheOutputBudget() {
        ShapeError e = fails("loop { print(\"spam spam spam\") }", Budgets.defaults().withOutput(10_000));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test
    void deeplyNestedSourceIsACompileErrorNotAStackOverflow() {
        for (String open : new String[] {"(", "[", "{", "-", "!"}) {
            String close = switch (open) { case "(" -> ")"; case "[" -> "]"; case "{" -> "}"; default -> ""; };
            String source = open.repeat(100_000) + "1" + close.repeat(100_000);
            CompileError e = assertThrows(CompileError.class, () -> ShapeCompiler.compile(source), open);
            assertTrue(e.getMessage().contains("nest"), e.getMessage());
        }
    }

    @Test
    void deeplyNestedValuesAreRefusedWhenPrintedOrCompared() {
        ShapeError e = fails("let mut a = []\nfor i in 0..100000 { a = [a] }\nprint(a)", Budgets.defaults());
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test
    void runtimeErrorsNameTheFunctionAndLine() {
        ShapeError e = fails("fn f(x) {\n  let y = 1\n  x / 0\n}\nf(3)", Budgets.defaults());
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
        assertEquals("f", e.function());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("division by zero") && e.getMessage().contains("'f'") && e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void failedTryAtTheTopLevelIsARuntimeErrorWithItsCause() {
        ShapeError e = fails("Err(\"file not found\")?", Budgets.defaults());
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
        assertTrue(e.getMessage().contains("file not found"));
    }

    @Test
    void indexOutOfRangeAssignmentAndTypeErrorsAreRuntimeErrors() {
        assertEquals(ShapeError.Kind.RuntimeError, fails("let a = [1]\na[5] = 2", Budgets.defaults()).kind());
        ShapeError e = fails("1 + true", Budgets.defaults());
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
        assertTrue(!e.getMessage().contains("java") && !e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void theInterpreterIsReusableAfterAnError() {
        Interpreter vm = vm("fn f(x) { 10 / x }\nf(2)", Budgets.defaults());
        assertEquals(5L, vm.runMain());
        assertThrows(ShapeError.class, () -> vm.call(vm.program().byName("f").get(0), new Object[] {0L}, null));
        assertEquals(2L, vm.call(vm.program().byName("f").get(0), new Object[] {5L}, null));
    }
}
