package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitTest {
    static final String FIB = "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\n";

    static BytecodeProgram compiled(String source) {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(source));
        p.functions().forEach(Jit::compile);
        return p;
    }

    static FunctionProto named(BytecodeProgram p, String name) { return p.byName(name).get(0); }

    @Test
    void compilesArithmeticLoopsAndCallsAndAnswersAsTheInterpreter() {
        String src = FIB + """
                fn sum(n) { let mut s = 0
                  let mut i = 0
                  while i < n { s = s + i
                    i = i + 1 }
                  s }
                fib(20) + sum(1000)
                """;
        BytecodeProgram p = compiled(src);
        assertInstanceOf(CompiledFunction.class, named(p, "fib").compiled);
        assertInstanceOf(CompiledFunction.class, named(p, "sum").compiled);
        Interpreter vm = new Interpreter(p, Budgets.defaults(), true);
        Interpreter ref = new Interpreter(Linker.link(ShapeCompiler.compile(src)), Budgets.defaults(), false);
        assertEquals(ref.runMain(), vm.runMain());
        assertEquals(6765L + 499500L, vm.runMain());
        assertEquals(ref.instructionsExecuted(), vm.instructionsExecuted() / 2, "the same instructions counted per run");
    }

    @Test
    void argumentsThatAreNotIntsRunTheGenericClassAndAnswerAsTheInterpreter() {
        String src = FIB + "fib(12.0) + fib(15) + fib(2.5)";
        BytecodeProgram p = compiled(src);
        // compileGenericFresh throws what the JVM's verifier says of the class, which Jit.compile would hide behind the interpreter
        assertNotNull(Jit.compileGenericFresh(named(p, "fib")));
        Interpreter vm = new Interpreter(p, Budgets.defaults(), true);
        Interpreter ref = new Interpreter(Linker.link(ShapeCompiler.compile(src)), Budgets.defaults(), false);
        assertEquals(ref.runMain(), vm.runMain());
        assertEquals(144.0 + 610 + 2.0, vm.runMain()); // fib(2.5) = fib(1.5) + fib(0.5) = 2.0
        assertEquals(ref.instructionsExecuted(), vm.instructionsExecuted() / 2, "the same instructions counted per run");
    }

    @Test
    void refusesInstructionsOutsideItsSubset() {
        BytecodeProgram p = compiled("fn f(xs) { xs.len() }\nfn g(s) { print(s) }\nf([1])");
        assertNull(Jit.compile(named(p, "f")));
        assertTrue(Jit.refusal(named(p, "f")).contains("interpreted only"), Jit.refusal(named(p, "f")));
        assertEquals(1L, new Interpreter(p, Budgets.defaults(), true).runMain());
    }

    @Test
    void aFailedGuardGoesBackToTheInterpreterWithTheSameErrorAndLine() {
        String src = "fn f(x) {\n  let y = x + 1\n  y * 2\n}\nf(9223372036854775807)";
        ShapeError e = assertThrows(ShapeError.class, () -> new Interpreter(compiled(src), Budgets.defaults(), true).runMain());
        ShapeError ref = assertThrows(ShapeError.class, () -> new Interpreter(Linker.link(ShapeCompiler.compile(src)), Budgets.defaults(), false).runMain());
        assertEquals(ref.getMessage(), e.getMessage());
        assertEquals(2, e.line());
        assertEquals("ab", new Interpreter(compiled("fn f(x) { x + \"b\" }\nf(\"a\")"), Budgets.defaults(), true).runMain());
    }

    @Test
    void instructionBudgetStopsACompiledLoop() {
        ShapeError e = assertThrows(ShapeError.class, () -> new Interpreter(compiled(SPIN), Budgets.defaults().withInstructions(1_000_000), true).runMain());
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        assertTrue(e.getMessage().startsWith("instruction budget of 1000000 exhausted (in function 'spin', line 2)"), e.getMessage());
    }

    @Test
    void callDepthBudgetHoldsInCompiledRecursion() {
        String src = "fn d(n) { if n == 0 { 0 } else { d(n - 1) + 1 } }\nd(100000)";
        ShapeError e = assertThrows(ShapeError.class, () -> new Interpreter(compiled(src), Budgets.defaults(), true).runMain());
        ShapeError ref = assertThrows(ShapeError.class, () -> new Interpreter(Linker.link(ShapeCompiler.compile(src)), Budgets.defaults(), false).runMain());
        assertEquals(ref.getMessage(), e.getMessage());
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test
    void cancellingStopsACompiledLoopWithTheTimeoutError() throws Exception {
        Interpreter vm = new Interpreter(compiled(SPIN), Budgets.defaults().withInstructions(Long.MAX_VALUE), true);
        assertEquals(ShapeError.Kind.Timeout, cancelledAfter(vm, 100).kind());
    }

    static final String SPIN = "fn spin(n) { let mut i = 0\n while i >= 0 { i = i + 1 }\n i }\nspin(1)";

    /** The error of {@code vm}'s run, cancelled from another thread after {@code millis}. */
    static ShapeError cancelledAfter(Interpreter vm, long millis) throws InterruptedException {
        Thread canceller = new Thread(() -> {
            try { Thread.sleep(millis); } catch (InterruptedException ignored) { }
            vm.cancel();
        });
        canceller.start();
        ShapeError e = assertThrows(ShapeError.class, vm::runMain);
        canceller.join();
        return e;
    }

    @Test
    void interpretOnlyInterpretersNeverRunCompiledCode() {
        BytecodeProgram p = compiled(FIB + "fib(15)");
        Interpreter vm = new Interpreter(p, Budgets.defaults(), false);
        assertEquals(610L, vm.runMain());
        assertNotNull(named(p, "fib").compiled);
    }

    @Test
    void aClassNoFunctionUsesAnyMoreIsCollected() throws InterruptedException {
        java.lang.ref.WeakReference<Class<?>> first = null;
        for (int i = 0; i < Jit.CACHE_SIZE + 200; i++) {
            BytecodeProgram p = Linker.link(ShapeCompiler.compile("fn u(x) { x - " + i + " * 3 }\nu(2)"));
            CompiledFunction c = Jit.compile(named(p, "u"));
            assertNotNull(c);
            if (i == 0) {
                first = new java.lang.ref.WeakReference<>(c.getClass());
                assertTrue(c.getClass().isHidden());
            }
        }
        // The first class has left the bounded map and its program is gone: nothing holds it, so it unloads.
        for (int tries = 0; tries < 20 && first.get() != null; tries++) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(first.get(), "the hidden class of a function nobody uses is collected");
    }

    @Test
    void theClassCacheStaysBoundedOverManyDistinctFunctions() {
        int n = Jit.CACHE_SIZE + 500;
        for (int i = 0; i < n; i++) {
            BytecodeProgram p = Linker.link(ShapeCompiler.compile("fn f(x) { x * " + i + " + 1 }\nf(2)"));
            assertNotNull(Jit.compile(named(p, "f")));
            assertTrue(Jit.cachedClasses() <= Jit.CACHE_SIZE);
        }
        assertEquals(Jit.CACHE_SIZE, Jit.cachedClasses());
        // the same blob again gets the cached class
        BytecodeProgram a = Linker.link(ShapeCompiler.compile("fn f(x) { x * " + (n - 1) + " + 1 }\nf(2)"));
        BytecodeProgram b = Linker.link(ShapeCompiler.compile("fn f(x) { x * " + (n - 1) + " + 1 }\nf(2)"));
        assertTrue(Jit.compile(named(a, "f")) == Jit.compile(named(b, "f")));
    }

    // ---- on-stack replacement: one long call is taken over at its loop's header ----

    static final String LONG_SUM = """
            fn sum(n) {
              let mut s = 0
              let mut i = 0
              while i < n {
                s = s + i
                i = i + 1
              }
              s
            }
            sum(3000000)
            """;

    static Interpreter fresh(String src, Budgets budgets, boolean compiling) {
        return new Interpreter(Linker.link(ShapeCompiler.compile(src)), budgets, compiling);
    }

    @Test
    void aLongLoopInOneCallIsTakenOverByCompiledCodeWithTheSameValueAndCount() {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(LONG_SUM));
        Interpreter vm = new Interpreter(p, Budgets.defaults(), true);
        Interpreter ref = fresh(LONG_SUM, Budgets.defaults(), false);
        assertEquals(4499998500000L, vm.runMain());
        assertEquals(ref.runMain(), 4499998500000L);
        CompiledFunction sum = assertInstanceOf(CompiledFunction.class, named(p, "sum").compiled, "sum was compiled while it ran");
        assertTrue(sum.hasLoopEntry(), "the running call entered compiled code at its loop");
        assertEquals(ref.instructionsExecuted(), vm.instructionsExecuted(), "the same instructions counted");
    }

    @Test
    void aGuardFailingAfterTheLoopWasEnteredGivesTheInterpretersErrorAndLine() {
        String src = "fn grow(n) {\n let mut x = 1\n let mut i = 0\n while i < n {\n  x = x + 1\n  i = i + 1\n }\n"
                + " let mut j = 0\n while j < 100 {\n  x = x * 1000\n  j = j + 1\n }\n x\n}\ngrow(2000000)";
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(src));
        ShapeError e = assertThrows(ShapeError.class, () -> new Interpreter(p, Budgets.defaults(), true).runMain());
        ShapeError ref = assertThrows(ShapeError.class, () -> fresh(src, Budgets.defaults(), false).runMain());
        assertTrue(((CompiledFunction) named(p, "grow").compiled).hasLoopEntry());
        assertEquals(ref.getMessage(), e.getMessage());
        assertEquals(10, e.line());
    }

    @Test
    void aFrameWhoseValuesTheCompiledCodeDoesNotTakeStaysInterpreted() {
        // s holds a number, not the int the compiled code was typed for from the frame's parameters: not entered.
        String src = LONG_SUM.replace("let mut s = 0", "let mut s = 0.5");
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(src));
        assertEquals(fresh(src, Budgets.defaults(), false).runMain(), new Interpreter(p, Budgets.defaults(), true).runMain());
    }

    @Test
    void budgetsAndCancellationHoldInALoopEnteredWhileRunning() throws Exception {
        ShapeError budget = assertThrows(ShapeError.class, () -> fresh(SPIN, Budgets.defaults().withInstructions(5_000_000), true).runMain());
        ShapeError ref = assertThrows(ShapeError.class, () -> fresh(SPIN, Budgets.defaults().withInstructions(5_000_000), false).runMain());
        assertEquals(ref.getMessage(), budget.getMessage());
        assertEquals(ShapeError.Kind.Timeout, cancelledAfter(fresh(SPIN, Budgets.defaults().withInstructions(Long.MAX_VALUE), true), 200).kind());
    }

    @Test
    void aLoopEnteredInACallerKeepsItsCalleesAndTheirDepth() {
        String src = "fn sq(x) { x * x }\nfn total(n) {\n let mut s = 0\n let mut i = 0\n while i < n {\n  s = s + sq(i % 7)\n  i = i + 1\n }\n s\n}\ntotal(1000000)";
        BytecodeProgram p = Linker.link(ShapeCompiler.compile(src));
        Interpreter vm = new Interpreter(p, Budgets.defaults(), true);
        Interpreter ref = fresh(src, Budgets.defaults(), false);
        assertEquals(ref.runMain(), vm.runMain());
        assertTrue(((CompiledFunction) named(p, "total").compiled).hasLoopEntry());
        assertEquals(ref.instructionsExecuted(), vm.instructionsExecuted());
    }
}
