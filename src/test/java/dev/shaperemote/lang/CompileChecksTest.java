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
        assertTrue(e.getMessage().contains("undefined variable 'b'"), e.getMessage());
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
}
