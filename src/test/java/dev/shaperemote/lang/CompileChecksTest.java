package dev.shaperemote.lang;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the compiler refuses before anything runs, as Shape does: even in functions never called. */
class CompileChecksTest {
    private static CompileError refused(String source) {
        return assertThrows(CompileError.class, () -> ShapeCompiler.compile(source));
    }

    @Test
    void anUndefinedNameIsACompileErrorEvenInAFunctionNeverCalled() {
        CompileError e = refused("fn f() {\n  let a = 1\n  return b + a\n}");
        assertTrue(e.getMessage().contains("Undefined variable 'b'"), e.getMessage());
        assertEquals("3:10", e.line() + ":" + e.col());
        refused("fn foo() { let secret = 42\n secret }\nfn bar() { secret }"); // another function's local is not in scope
    }

    @Test
    void builtinsGlobalsFunctionsAndLaterDefinitionsResolve() {
        assertDoesNotThrow(() -> ShapeCompiler.compile(
                "fn f() { g() + total + len([1]) + abs(-1) }\nfn g() { 1 }\nlet total = 2\nprint(f())"));
        assertDoesNotThrow(() -> ShapeCompiler.compile("let mut n = 0\nlet inc = || { n = n + 1 }\ninc()"));
    }

    @Test
    void aSecondDefinitionWithAnotherParameterCountIsRefused() {
        CompileError e = refused("fn bar(x) { x }\nfn bar(x, y) { x + y }");
        assertTrue(e.getMessage().contains("already defined at line 1"), e.getMessage());
        assertDoesNotThrow(() -> ShapeCompiler.compile("fn foo() { 1 }\nfn foo() { 2 }\nfoo()"));
    }

    @Test
    void digitSeparatorsAreRefusedWithTheNumberToWriteInstead() {
        CompileError e = refused("let n = 1_000_000");
        assertTrue(e.getMessage().contains("write 1000000 instead of 1_000_000"), e.getMessage());
        refused("1_000.50");
        refused("0xff_ff");
    }

    @Test
    void aNegativeLiteralForAnUnsignedVariableIsRefused() {
        CompileError e = refused("fn test() { let x: u8 = -1\nreturn x }");
        assertTrue(e.getMessage().contains("u8 holds no negative numbers"), e.getMessage());
    }

    @Test
    void aStructLiteralMustMatchItsTypesDeclaration() {
        assertTrue(refused("let x = Unknown { a: 1 }").getMessage().contains("unknown type 'Unknown'"));
        assertTrue(refused("type P { x: number, y: number }\nfn t() { P { x: 3 } }").getMessage().contains("missing field 'y'"));
        assertTrue(refused("type P { x: number }\nfn t() { P { x: 1, z: 3 } }").getMessage().contains("has no field 'z'"));
        assertTrue(refused("type T { on: bool }\nT { on: \"true\" }").getMessage().contains("declared bool"));
        assertDoesNotThrow(() -> ShapeCompiler.compile("type P { x: number, y: number = 0 }\nlet base = { y: 2 }\nP { x: 1 }\nP { ...base, x: 1 }"));
    }

    @Test
    void anImplMustDefineWhatItsTraitRequiresAndStayAtTheTopLevel() {
        String trait = "type W { n: int }\ntrait Named { name(self): string\n label: string\n method greet() { \"hi \" + self.name() } }\n";
        CompileError e = refused(trait + "impl Named for W { method other() { 1 } }");
        assertTrue(e.getMessage().contains("lacks method 'name'"), e.getMessage());
        assertDoesNotThrow(() -> ShapeCompiler.compile(trait + "impl Named for W { method name() { \"w\" } }")); // a property is no method
        assertTrue(refused("type W { n: int }\nfn f() {\n extend W { method m() { 1 } }\n}").getMessage().contains("top level"));
        refused("trait Derived extends Base { m(self): int }");
    }

    @Test
    void referencesAreOnlyArgumentsOfPlacesForReferenceParameters() {
        assertTrue(refused("let x = 5\nlet r = &x").getMessage().contains("[B0003] cannot return or store a reference"));
        assertTrue(refused("fn f() { let x = 5\n return &x }").getMessage().contains("cannot return or store a reference"));
        assertTrue(refused("let x = 5\n[&x]").getMessage().contains("cannot store a reference in an array"));
        assertTrue(refused("fn f(&x) { x }\nlet a = 1\nf(&a) + &a").getMessage().contains("Cannot apply '+'"));
        assertTrue(refused("fn f(&x) { x }\nf(&5)").getMessage().contains("place expression"));
        assertTrue(refused("fn make() { 5 }\nfn f(&x) { x }\nf(&make())").getMessage().contains("place expression"));
        assertTrue(refused("fn f(x) { x + 1 }\nlet a = 5\nf(&a)").getMessage().contains("[B0004]"));
        assertTrue(refused("fn f(&x) { x }\nlet a = 5\nf(a)").getMessage().contains("is a reference ('&x')"));
        assertTrue(refused("fn t(&a, &b) { a = b }\nfn g() { let x = 5\n t(&x, &x) }").getMessage().contains("[B0013]"));
        assertTrue(refused("fn t(&a, b) { a = b[0] }\nfn g() { let xs = [1]\n t(&xs, xs) }").getMessage().contains("[B0013]"));
        assertTrue(refused("fn inc(&x) { x = x + 1 }\nconst c = 5\ninc(&c)").getMessage().contains("const"));
        assertTrue(refused("fn touch(a, b) { a[0] = 1\n b[0] }\nfn t() { let xs = [1]\n touch(xs, xs) }").getMessage().contains("[B0013]"));
        assertDoesNotThrow(() -> ShapeCompiler.compile("fn read(a, b) { a[0] + b[0] }\nfn t() { let xs = [1]\n read(xs, xs) }"));
    }

    @Test
    void aModuleExportsItsMembersOnlyUnderItsName() {
        assertTrue(refused("mod M { fn real() { 1 } }\nM::fake()").getMessage().contains("module 'M' has no export 'fake'"));
        assertTrue(refused("mod M { fn secret() { 42 } }\nsecret()").getMessage().contains("Undefined variable 'secret'"));
        assertTrue(refused("mod M { const X = 42 }\nX").getMessage().contains("Undefined variable 'X'"));
        assertTrue(refused("fn f() {\n mod M { fn g() { 1 } }\n}").getMessage().contains("top level"));
    }

    @Test
    void aQuerysLetAndJoinBindNothingAsInShape() {
        assertTrue(refused("from x in [1, 2] let d = x * 2 select d").getMessage().contains("Undefined variable 'd'"));
        assertTrue(refused("from i in [1] join n in [2] on i equals n select n").getMessage().contains("Undefined variable 'n'"));
        assertTrue(refused("from x in [1] from y in [2] select x").getMessage().contains("expected something else: a clause (where, orderby, let, join, group)"));
    }
}
