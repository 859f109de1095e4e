package dev.shaperemote.vm;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The semantics the rest of the system leans on: int vs number, closures, calls by name with arguments. */
class InterpreterTest {
    private static Object run(String source) {
        return new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults()).runMain();
    }

    @Test
    void intsAndNumbersStayDistinct() {
        assertEquals(3L, run("7 / 2"));
        assertEquals(3.5, run("7.0 / 2"));
        assertEquals(10L, run("let mut s = 0\nfor i in 0..5 { s = s + i }\ns"));
        assertEquals(ShapeError.Kind.RuntimeError,
                assertThrows(ShapeError.class, () -> run("9223372036854775807 + 1")).kind());
    }

    @Test
    void closuresShareTheVariablesTheyCapture() {
        assertEquals(3L, run("fn counter() { let mut n = 0\n || { n = n + 1\n n } }\nlet c = counter()\nc()\nc()\nc()"));
        assertEquals(2L, run("let mut x = 0\nlet inc = || { x = x + 1 }\ninc()\ninc()\nx"));
    }

    @Test
    void aFunctionCanBeCalledByNameWithArguments() {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile("fn add(a, b) { a + b }\nfn greet(name = \"world\") { f\"hello {name}\" }"));
        Interpreter vm = new Interpreter(p, Budgets.defaults());
        assertEquals(5L, vm.call(p.byName("add").get(0), new Object[] {2L, 3L}, null));
        assertEquals("hello world", vm.call(p.byName("greet").get(0), new Object[] {}, null));
        ShapeError e = assertThrows(ShapeError.class, () -> vm.call(p.byName("add").get(0), new Object[] {1L}, null));
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
    }

    @Test
    void aClosureRunsWithCopiedUpvalues() {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile("fn make(k) { |x| x * k }\nmake(3)"));
        var closureProto = p.functions().stream().filter(f -> f.isClosure).findFirst().orElseThrow();
        Interpreter vm = new Interpreter(p, Budgets.defaults());
        assertEquals(12L, vm.call(closureProto, new Object[] {4L}, new Object[] {3L}));
    }

    @Test
    void printWritesOneLinePerCall() {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile("print(1, \"a\")\nprint([1, 2.5])\nprint(Ok(1))")), Budgets.defaults());
        vm.runMain();
        assertEquals("1 a\n[1, 2.5]\nOk(1)\n", vm.output());
    }

    @Test
    void stringsIndexSliceAndCountByCodePoint() {
        assertEquals("😀", run("\"a😀b\"[1]"));
        assertEquals("😀b", run("\"a😀b\"[1..3]"));
        assertEquals(3L, run("\"a😀b\".length"));
    }

    @Test
    void mutualRecursionLinksByName() {
        assertEquals(true, run("fn even(n) { if n == 0 { true } else { odd(n - 1) } }\nfn odd(n) { if n == 0 { false } else { even(n - 1) } }\neven(10)"));
    }

    @Test
    void theContextOperatorAlwaysGivesAResult() {
        assertEquals(new OkValue(99L), run("Some(99) !! \"ctx\""));
        assertEquals(new OkValue(42L), run("42 !! \"ctx\""));
        assertEquals(new OkValue(1L), run("Ok(1) !! \"ctx\""));
        assertEquals(new ErrValue("ctx"), run("None !! \"ctx\""));
        assertEquals(new ErrValue("ctx: low"), run("Err(\"low\") !! \"ctx\""));
    }

    @Test
    void noneTriedInAResultFunctionReturnsAnErr() {
        Object r = run("fn f() -> Result<int> { let v = None?\n Ok(v) }\nf()");
        assertEquals(ErrValue.class, r.getClass(), String.valueOf(r));
        assertEquals(Nil.NONE, run("fn f() { let v = None?\n Some(v) }\nf()")); // an Option function still gives None
        assertEquals(new OkValue(3L), run("fn f() -> Result<int> { let v = Some(3)?\n Ok(v) }\nf()"));
    }

    @Test
    void aFixedWidthVariableWrapsOnEveryStore() {
        assertEquals(-56L, run("fn t() { let mut x: i8 = 0\n x = 200\n x }\nt()"));
        assertEquals(4464L, run("fn t() { let mut x: u16 = 0\n x = 70000\n x }\nt()"));
        assertEquals(0L, run("fn t() { let mut x: u8 = 255\n x += 1\n x }\nt()"));
        assertEquals(-128L, run("let mut g: i8 = 127\ng = g + 1\ng")); // a top-level variable too
        assertEquals(1L, run("fn t() { let mut x: u8 = 0\n let set = || { x = 257 }\n set()\n x }\nt()")); // and through a closure
        assertEquals(300L, run("fn t() { let mut x: int = 0\n x = 300\n x }\nt()"));
    }

    @Test
    void listComprehensionsNestTheirClausesInOrder() {
        assertEquals("[1, 4, 9, 16]", Values.display(run("[x * x for x in [1, 2, 3, 4]]")));
        assertEquals("[30, 40, 50]", Values.display(run("[x * 10 for x in [1, 2, 3, 4, 5] if x > 2]")));
        assertEquals("[11, 21, 12, 22]", Values.display(run("[i + j for i in [1, 2] for j in [10, 20]]")));
        assertEquals("[[0], [0, 1, 2]]", Values.display(run("[[y for y in 0..x] for x in 1..4 if x != 2]")));
        assertEquals("[[1, \"a\"], [2, \"b\"]]", Values.display(run("[[k, v] for [k, v] in [[1, \"a\"], [2, \"b\"]]]")));
        assertEquals("[1, 2]", Values.display(run("let xs = [1, 2]\n[x for x in xs]\nxs")));
    }

    @Test
    void aModulesMembersAreReachedThroughItsName() {
        String module = "mod M {\n const PI = 3\n let mut count = 0\n fn area(r) { PI * r * r }\n"
                + " fn bump() { count = count + 1\n twice(count) }\n fn twice(x) { x * 2 }\n}\n";
        assertEquals("[12, 3, 2, 4, 2, 42]", Values.display(run(module + "let f = M::twice\n[M::area(2), M::PI, M::bump(), M::bump(), M::count, f(21)]")));
        assertEquals(5L, run("mod M { fn f() { 1 } }\nfn f() { 5 }\nf()")); // a member does not hide a top-level name
    }

    @Test
    void queriesFilterOrderAndSelect() {
        assertEquals("[30, 40, 50]", Values.display(run("from x in [1, 2, 3, 4, 5] where x > 2 select x * 10")));
        assertEquals("[\"c\", \"a\"]", Values.display(run("let us = [{ n: \"a\", age: 30 }, { n: \"b\", age: 20 }, { n: \"c\", age: 40 }]\n"
                + "from u in us where u.age >= 30 orderby u.age desc select u.n")));
        assertEquals("[1, 1, 3]", Values.display(run("from x in [3, 1, 1] orderby x select x")));
        assertEquals("[{ v: 2 }]", Values.display(run("from x in [2] select { v: x }")));
        assertEquals("[3, 2, 1]", Values.display(run("from x in [2, 3, 1] order by x desc select x")));
    }

    @Test
    void aQueryThatDoesNotEndInSelectIsAParseErrorNamingTheToken() {
        CompileError second = assertThrows(CompileError.class, () -> run("from x in [1]\nfrom y in [2]\nselect x + y"));
        assertTrue(second.getMessage().contains("found 'from' where the query begun at line 1 expected something else"),
                second.getMessage());
        CompileError unfinished = assertThrows(CompileError.class, () -> run("let r = from x in [1, 2] group x by x % 2\nprint(r)"));
        assertTrue(unfinished.getMessage().contains("expected something else"), unfinished.getMessage());
        CompileError grouped = assertThrows(CompileError.class, () -> run("from x in [1, 2] group x by x % 2 into g select g"));
        assertTrue(grouped.getMessage().contains("'group … by' clause is not supported"), grouped.getMessage());
    }
}
