package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text built from values (print, str, f-strings, join, concatenation) is charged as it grows and
 * stops at its limit: an array nested into itself 40 times (cheap to build, 2^40 leaves to print)
 * ends in ResourceLimit under the default budgets instead of being formatted whole.
 */
class TextBoundsTest {
    private static final String SHARED = "let mut a = [1]\nfor i in range(0, 40) { a = [a, a] }\n";

    private static ShapeError fails(String source, Budgets budgets) throws Exception {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(source)), budgets);
        // A generous bound: the fix answers in about a second; without it the run goes on for hours.
        return CompletableFuture.supplyAsync(() -> assertThrows(ShapeError.class, vm::runMain)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void printingAValueThatSharesItselfHitsTheOutputBudget() throws Exception {
        ShapeError e = fails(SHARED + "print(a)", Budgets.defaults());
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("output budget of 1048576 bytes"), e.getMessage());
    }

    @Test
    void everyStringBuilderHitsTheMemoryBudget() throws Exception {
        for (String build : new String[] {"str(a)", "f\"{a}\"", "[a, a].join(\",\")", "\",\".join([a])", "\"x\" + a",
                "a.toString()", "a as string", "[a] + \"\"", "Err(1) !! a"}) {
            ShapeError e = fails(SHARED + "let s = " + build + "\ns.length", Budgets.defaults().withMemory(16L << 20));
            assertEquals(ShapeError.Kind.ResourceLimit, e.kind(), build + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("memory budget") && e.getMessage().contains("while building a string"),
                    build + ": " + e.getMessage());
        }
    }

    @Test
    void smallTextIsUnchanged() {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(
                "let a = [1, \"x\", Some(2)]\nprint(a, str(a), f\"<{a}>\", [1, 2].join(\"-\"), \"n\" + 1)")), Budgets.defaults());
        vm.runMain();
        assertEquals("[1, \"x\", 2] [1, \"x\", 2] <[1, \"x\", 2]> 1-2 n1\n", vm.output());
    }

    @Test
    void printUsesWhatIsLeftOfTheOutputBudgetAndNoMore() throws Exception {
        ShapeError e = fails("print(\"x\".repeat(60))\nprint(\"y\".repeat(60))", Budgets.defaults().withOutput(100));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile("print(\"x\".repeat(98))")), Budgets.defaults().withOutput(100));
        vm.runMain();
        assertEquals(99, vm.output().length(), "98 characters and the newline fit in 100");
    }

    @Test
    void errorMessagesShowAClippedValue() throws Exception {
        ShapeError e = fails(SHARED + "panic(a)", Budgets.defaults());
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
        assertTrue(e.getMessage().length() < Values.DESCRIBE_MAX_CHARS + 200, "message of " + e.getMessage().length() + " chars");
        assertTrue(e.getMessage().contains("..."), e.getMessage());
    }

    @Test
    void repeatingAnEmptyStringAnyNumberOfTimesIsEmpty() {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile("\"\".repeat(10000000000).length + (\"\" * 10000000000).length")),
                Budgets.defaults());
        assertEquals(0L, vm.runMain());
    }
}
