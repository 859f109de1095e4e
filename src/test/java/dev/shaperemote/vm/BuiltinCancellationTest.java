package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A cancel frees the thread even while the VM is inside a builtin: each test waits until the run is
 * really in the builtin (its stack shows it), cancels, and expects the Timeout error well within a
 * generous bound, on workloads that would otherwise run for minutes or hours. No test times speed.
 */
class BuiltinCancellationTest {
    private static final Budgets UNBOUNDED = new Budgets(Long.MAX_VALUE, Long.MAX_VALUE, 2_000, Long.MAX_VALUE);

    /** The two ways a run is stopped from outside: the VM's own cancel, and an interrupt of its thread by the thread's owner. */
    private enum Stop { CANCEL, INTERRUPT }

    private static ShapeError cancelInside(String source, Budgets budgets, String className, String method) throws Exception {
        return stopInside(source, budgets, className, method, Stop.CANCEL);
    }

    /** Runs {@code source} on its own thread, waits until it is inside {@code method}, stops it, and returns the error. */
    private static ShapeError stopInside(String source, Budgets budgets, String className, String method, Stop stop) throws Exception {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(source)), budgets);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                vm.runMain();
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "builtin-cancellation-test");
        runner.setDaemon(true); // should a check be missing, the run must not keep the test JVM alive
        runner.start();
        awaitInside(runner, className, method);
        if (stop == Stop.CANCEL) vm.cancel(); else runner.interrupt();
        runner.join(Duration.ofSeconds(20).toMillis());
        assertFalse(runner.isAlive(), "the run went on after it was stopped");
        assertNotNull(ended.get(), "the run ended without the cancel's error");
        return assertThrows(ShapeError.class, () -> { throw ended.get(); });
    }

    private static void awaitInside(Thread t, String className, String method) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end && t.isAlive()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().equals(className) && e.getMethodName().equals(method)) return;
            }
            Thread.sleep(5);
        }
        fail("the run never entered " + className + "." + method);
    }

    @Test
    void sortWithAComparatorStopsWithinItsCallbacks() throws Exception {
        // 3 million elements and a comparator of straight-line code (no loop, no call of its own that
        // would look at the cancel flag): about a minute of sorting.
        String source = "let xs = range(0, 3000000).map(|i| (i * 7919) % 3000017)\n"
                + "xs.sort(|x, y| { let p = (x * 31 + 7) % 1009\n let q = (y * 31 + 7) % 1009\n"
                + " let r = (p * p + q) % 97 - (q * q + p) % 97\n (x - y) + r * 0 })";
        ShapeError e = cancelInside(source, UNBOUNDED.withMemory(1L << 30), "dev.shaperemote.vm.ArrayMethods", "mergeSort");
        assertEquals(ShapeError.Kind.Timeout, e.kind(), e.getMessage());
    }

    @Test
    void printingAHugeSharedValueStopsOnCancelWhenNoBudgetWouldStopIt() throws Exception {
        String source = "let mut a = [1]\nfor i in range(0, 40) { a = [a, a] }\nprint(a)";
        ShapeError e = cancelInside(source, UNBOUNDED, "dev.shaperemote.vm.Values", "write");
        assertEquals(ShapeError.Kind.Timeout, e.kind(), e.getMessage());
    }

    @Test
    void joiningStopsOnCancel() throws Exception {
        String source = "let mut a = [1]\nfor i in range(0, 40) { a = [a, a] }\nlet s = [a, a].join(\",\")\ns.length";
        ShapeError e = cancelInside(source, UNBOUNDED, "dev.shaperemote.vm.ArrayMethods", "join");
        assertEquals(ShapeError.Kind.Timeout, e.kind(), e.getMessage());
    }

    @Test
    void callbacksCountAgainstTheInstructionBudget() {
        // Each callback is too short to reach a check of its own; the budget still holds across them.
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile("range(0, 1000000).map(|x| x + 1).len()")),
                Budgets.defaults().withInstructions(100_000));
        ShapeError e = assertThrows(ShapeError.class, vm::runMain);
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind(), e.getMessage());
    }

    @Test
    void interruptingTheThreadStopsALoopOfPlainInstructions() throws Exception {
        ShapeError e = stopInside("let mut n = 0\nwhile true { n = n + 1 }", UNBOUNDED, Interpreter.class.getName(), "execute", Stop.INTERRUPT);
        assertEquals(ShapeError.Kind.Timeout, e.kind(), e.getMessage());
    }

    @Test
    void interruptingTheThreadStopsAJoinInsideItsBuiltin() throws Exception {
        String source = "let mut a = [1]\nfor i in range(0, 40) { a = [a, a] }\nlet s = [a, a].join(\",\")\ns.length";
        ShapeError e = stopInside(source, UNBOUNDED, "dev.shaperemote.vm.ArrayMethods", "join", Stop.INTERRUPT);
        assertEquals(ShapeError.Kind.Timeout, e.kind(), e.getMessage());
    }

    @Test
    void interruptingTheThreadStopsASortBetweenItsCallbacks() throws Exception {
        String source = "let xs = range(0, 3000000).map(|i| (i * 7919) % 3000017)\n"
                + "xs.sort(|x, y| x - y)";
        ShapeError e = stopInside(source, UNBOUNDED.withMemory(1L << 30), "dev.shaperemote.vm.ArrayMethods", "mergeSort", Stop.INTERRUPT);
        assertEquals(ShapeError.Kind.Timeout, e.kind(), e.getMessage());
    }
}
