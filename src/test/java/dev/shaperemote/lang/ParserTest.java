package dev.shaperemote.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    // ------------------------------------------------------------ operators and precedence

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertEquals("Binary(+, 1, Binary(*, 2, 3))", expr("1 + 2 * 3"));
        assertEquals("Binary(*, Binary(+, 1, 2), 3)", expr("(1 + 2) * 3"));
        assertEquals("Binary(-, Binary(-, 10, 3), 2)", expr("10 - 3 - 2"));
    }

    @Test
    void powerIsRightAssociativeAndTighterThanUnaryMinus() {
        assertEquals("Binary(**, 2, Binary(**, 3, 2))", expr("2 ** 3 ** 2"));
        assertEquals("Unary(-, Binary(**, 2, 2))", expr("-2 ** 2"));
        assertEquals("Binary(**, 2, -1)", expr("2 ** -1"));
    }

    @Test
    void logicalOperatorsAndTheirWordForms() {
        assertEquals("Logical(||, a, Logical(&&, b, c))", expr("a || b && c"));
        assertEquals("Logical(||, Logical(&&, Unary(!, a), b), c)", expr("not a and b or c"));
        assertEquals("Logical(&&, Binary(<, a, 1), Binary(==, b, 2))", expr("a < 1 && b == 2"));
    }

    @Test
    void bitwiseShiftAndComparisonLevels() {
        assertEquals("Binary(&, 3, Binary(<<, 1, 2))", expr("3 & 1 << 2"));
        assertEquals("Binary(|, a, Binary(^, b, Binary(&, c, d)))", expr("a | b ^ c & d"));
        assertEquals("Unary(~, 0)", expr("~0"));
    }

    @Test
    void coalesceTryAndContext() {
        assertEquals("Binary(??, x, 0)", expr("x ?? 0"));
        assertEquals("Try(Call(f, []))", expr("f()?"));
        assertEquals("Try(Binary(!!, Call(Ok, [50]), \"ctx\"))", expr("Ok(50) !! \"ctx\"?"));
        assertEquals("Field(Field(obj, inner, true), value, true)", expr("obj?.inner?.value"));
    }

    @Test
    void rangesWithAndWithoutEnds() {
        assertEquals("Range(1, 5, false)", expr("1..5"));
        assertEquals("Range(1, Binary(+, n, 1), true)", expr("1..=n + 1"));
        assertEquals("Index(arr, Range(null, 2, false))", expr("arr[..2]"));
        assertEquals("Index(arr, Range(1, null, false))", expr("arr[1..]"));
    }

    @Test
    void isAsAndPipe() {
        assertEquals("Is(x, int)", expr("x is int"));
        assertEquals("Try(Cast(raw, int?))", expr("(raw as int?)?"));
        assertEquals("Call(f, [x, a])", expr("x |> f(a)"));
        assertEquals("Call(g, [Call(f, [x])])", expr("x |> f |> g"));
    }

    @Test
    void assignmentIsRightAssociativeWithCompoundOperators() {
        assertEquals("Assign(a, null, Assign(b, null, 1))", expr("a = b = 1"));
        assertEquals("Assign(Index(xs, 0), +, 1)", expr("xs[0] += 1"));
        assertEquals("Assign(Field(p, x, false), <<, 2)", expr("p.x <<= 2"));
        assertError("1 = 2", 1, 3, "can only assign");
    }

    // ------------------------------------------------------------ literals

    @Test
    void numberLiterals() {
        assertEquals("255", expr("0xFF"));
        assertEquals("5", expr("0b101"));
        assertEquals("1000.0", expr("1e3"));
        assertEquals("-9223372036854775808", expr("-9223372036854775808"));
        assertEquals("Range(1, 5, false)", expr("1..5"));
    }

    @Test
    void stringLiterals() {
        assertEquals("\"a\\nb\\t\\\"c\\\" {\"", expr("\"a\\nb\\t\\\"c\\\" \\{\""));
        assertEquals("\"raw \\\\n\"", expr("\"\"\"raw \\n\"\"\""));
        assertEquals("\"root\\n  nested\\nend\"", expr("\"\"\"\n    root\n      nested\n    end\n\"\"\""));
    }

    @Test
    void fStringHolesAreExpressions() {
        assertEquals("FString([\"x is \", Binary(+, x, 1)])", expr("f\"x is {x + 1}\""));
        assertEquals("FString([\"{literal} \", x])", expr("f\"{{literal}} {x}\""));
        assertEquals("FString([\"v: \", Call(greet, [\"w\"])])", expr("f\"v: {greet(\"w\")}\""));
        assertEquals("FString([\"raw {x} \", x])", expr("f#\"raw {x} #{x}\""));
        assertEquals("FString([\"value: {x} \", x])", expr("f$\"value: {x} ${x}\""));
        assertEquals("FString([\"\"])", expr("f\"\""));
    }

    @Test
    void arraysObjectsAndSpreads() {
        assertEquals("ArrayLit([a, Spread(b), c])", expr("[a, ...b, c,]"));
        assertEquals("ObjectLit([ObjectEntry(x, 1), ObjectEntry(y, 2), ObjectEntry(z, z), Spread(o)])",
                expr("{ x: 1, \"y\": 2, z, ...o }"));
        assertEquals(List.of("Let(Binding(o, null), false, ObjectLit([]), false)"), program("let o = {}"));
        assertEquals(List.of("ExprStmt(Block([], null))"), program("{}"));
        assertEquals("ObjectLit([ObjectEntry(type, 1)])", expr("{ type: 1 }"));
    }

    @Test
    void enumPathsAndStructLiterals() {
        assertEquals("Path(Color, Red)", expr("Color::Red"));
        assertEquals("Call(Path(Shape, Circle), [5.0])", expr("Shape::Circle(5.0)"));
        assertEquals("Call(Path(Shape, Rect), [NamedArg(w, 1), NamedArg(h, 2)])", expr("Shape::Rect { w: 1, h: 2 }"));
        assertEquals("StructLit(Point, [ObjectEntry(x, 3)])", expr("Point { x: 3 }"));
        assertEquals("StructLit(Unit, [])", expr("Unit {}"));
    }

    // ------------------------------------------------------------ calls, chains and line breaks

    @Test
    void methodChainsMayContinueOnTheNextLine() {
        assertEquals("MethodCall(MethodCall(xs, map, [Lambda([x], Binary(*, x, 2))], false), sum, [], false)",
                expr("xs\n  .map(|x| x * 2)\n  .sum()"));
    }

    @Test
    void bracketOrParenOnANewLineStartsANewStatement() {
        assertEquals(List.of("Let(Binding(x, null), false, 5, false)", "ExprStmt(ArrayLit([1, 2]))"),
                program("let x = 5\n[1, 2]"));
        assertEquals(List.of("ExprStmt(f)", "ExprStmt(1)"), program("f\n(1)"));
        assertEquals(List.of("ExprStmt(x)", "ExprStmt(-1)"), program("x\n-1"));
        assertEquals(List.of("ExprStmt(Binary(*, x, 2))"), program("x\n* 2"));
    }

    @Test
    void statementsMaySitOnOneLine() {
        assertEquals(List.of("Function(test, [], null, Block([Let(Binding(x, null), false, 5, false)], "
                        + "MethodCall(ArrayLit([x, Binary(+, x, 1)]), last, [], false)))", "ExprStmt(Call(test, []))"),
                program("fn test() { let x = 5; [x, x + 1].last() } test()"));
        assertError("let x = 5 6", 1, 11, "expected ';' or a line break");
    }

    @Test
    void callArgumentsMayBeNamedOrSpread() {
        assertEquals("Call(f, [1, NamedArg(b, 2), Spread(rest)])", expr("f(1, b: 2, ...rest)"));
    }

    // ------------------------------------------------------------ functions and lambdas

    @Test
    void functionDeclarationsSkipParameterTypesAndKeepTheReturnType() {
        assertEquals(List.of("Function(add, [a, b, Param(c, null, 1, false)], Result<number>, Block([], Binary(+, a, b)))"),
                program("fn add(a: int, b: Array<Option<int>>, c: (int) => int = 1) -> Result<number> { a + b }"));
        assertEquals(List.of("Function(f, [Param(null, ObjectPat([FieldPat(x, Binding(x, null))], null), null, false)], null, Block([], x))"),
                program("function f({ x }) { x }"));
    }

    @Test
    void lambdaForms() {
        assertEquals("Lambda([a, b], Binary(+, a, b))", expr("|a, b| a + b"));
        assertEquals("Lambda([], 1)", expr("|| 1"));
        assertEquals("Lambda([x], Block([], x))", expr("|x| { x }"));
        assertEquals("Lambda([x], Block([], x))", expr("fn(x) { x }"));
        assertEquals("Lambda([acc], ObjectLit([Spread(acc), ObjectEntry(n, 1)]))", expr("|acc| { ...acc, n: 1 }"));
    }

    // ------------------------------------------------------------ control flow

    @Test
    void ifIsAnExpressionWithElseIfChains() {
        assertEquals("If(a, Block([], 1), If(b, Block([], 2), Block([], 3)))",
                expr("if a { 1 } else if b { 2 } else { 3 }"));
        assertEquals("If(Binary(==, x, y), Block([], 1), null)", expr("if x == y { 1 }"));
    }

    @Test
    void braceAfterAConditionOpensTheBody() {
        assertEquals("For(Binding(i, null), Range(0, n, false), Block([], Call(print, [i])))",
                expr("for i in 0..n { print(i) }"));
        assertEquals("While(Binary(<, i, 10), Block([ExprStmt(Assign(i, +, 1))], null))",
                expr("while i < 10 { i += 1; }"));
        assertEquals("Match(Path(Color, Red), [MatchArm(Constructor(Color, Red, []), null, 1)])",
                expr("match Color::Red { Color::Red => 1 }"));
        assertEquals("If(Point, Block([], 1), null)", expr("if Point { 1 }"));
    }

    @Test
    void blockTailIsTheLastExpressionWithoutSemicolon() {
        assertEquals("Block([Let(Binding(x, null), false, 1, false)], x)", expr("{ let x = 1; x }"));
        assertEquals("Block([Let(Binding(x, null), false, 1, false), ExprStmt(x)], null)", expr("{ let x = 1; x; }"));
        assertEquals("Block([Let(Binding(x, null), false, 1, false)], null)", expr("{ let x = 1 }"));
        assertEquals(List.of("ExprStmt(Block([], x))"), program("{ x }"));
    }

    @Test
    void loopsAndJumpsAreExpressions() {
        assertEquals("Loop(Block([], Break(5)))", expr("loop { break 5 }"));
        assertEquals("Match(x, [MatchArm(Wildcard(), null, Return(null)), MatchArm(Binding(y, null), null, Continue())])",
                expr("match x { _ => return, y => continue }"));
    }

    @Test
    void matchArmsWithGuardsAndPatterns() {
        String tree = expr("""
                match v {
                    0 | 1 => "small"
                    n if n < 0 => "negative",
                    n where n > 100 => { "big" }
                    2..=9 => "digit"
                    Some(x) => x
                    None => 0
                    [first, ...rest] => first,
                    { a, b: [c] } => c
                    Shape::Rect { w, h } => w * h
                    n: int => n
                    _ => {}
                }""");
        assertEquals("Match(v, ["
                + "MatchArm(Or([Literal(0), Literal(1)]), null, \"small\"), "
                + "MatchArm(Binding(n, null), Binary(<, n, 0), \"negative\"), "
                + "MatchArm(Binding(n, null), Binary(>, n, 100), Block([], \"big\")), "
                + "MatchArm(Range(2, 9, true), null, \"digit\"), "
                + "MatchArm(Constructor(null, Some, [Binding(x, null)]), null, x), "
                + "MatchArm(Constructor(null, None, []), null, 0), "
                + "MatchArm(ArrayPat([Binding(first, null)], rest), null, first), "
                + "MatchArm(ObjectPat([FieldPat(a, Binding(a, null)), FieldPat(b, ArrayPat([Binding(c, null)], null))], null), null, c), "
                + "MatchArm(Constructor(Shape, Rect, [Binding(w, null), Binding(h, null)]), null, Binary(*, w, h)), "
                + "MatchArm(Binding(n, int), null, n), "
                + "MatchArm(Wildcard(), null, Block([], null))])", tree);
        assertEquals("Match(x, [MatchArm(Literal(-1), null, 0)])", expr("match x { -1 => 0 }"));
    }

    // ------------------------------------------------------------ declarations

    @Test
    void letForms() {
        assertEquals(List.of("Let(Binding(x, i8), true, 0, false)"), program("let mut x: i8 = 0"));
        assertEquals(List.of("Let(Binding(y, null), true, null, false)"), program("var y"));
        assertEquals(List.of("Let(Binding(MAX, null), false, 10, true)"), program("const MAX = 10"));
        assertEquals(List.of("Let(ArrayPat([Binding(a, null)], rest), false, xs, false)"), program("let [a, ...rest] = xs"));
        assertEquals(List.of("Let(ArrayPat([Binding(a, null), Binding(b, null)], null), false, t, false)"), program("let (a, b) = t"));
        assertEquals(List.of("Let(ObjectPat([FieldPat(a, Binding(a, null)), FieldPat(b, Binding(c, null))], r), false, o, false)"),
                program("let { a, b: c, ...r } = o"));
    }

    @Test
    void enumDeclarations() {
        assertEquals(List.of("Enum(Shape, [Variant(Circle, 1, []), Variant(Rect, 2, [\"w\", \"h\"]), Variant(Empty, 0, [])])"),
                program("enum Shape {\n  Circle(number),\n  Rect { w: number, h: number },\n  Empty,\n}"));
        assertEquals(List.of("Enum(Sep, [Variant(A, 0, []), Variant(B, 0, [])])"), program("pub enum Sep { A; B }"));
    }

    @Test
    void comptimeBlocksAndKeywordParameterNames() {
        assertEquals("Block([], 42)", expr("comptime { 42 }"));
        assertEquals(List.of("Function(f, [fn, args], null, Block([], args))"), program("fn f(fn, args) { args }"));
    }

    @Test
    void referenceParametersAndArguments() {
        assertEquals(List.of("Function(f, [&x, &y, z], null, Block([], x))"),
                program("fn f(&x, &mut y, z) { x }"));
        assertEquals("Call(f, [Ref(a, false), Ref(Index(b, 0), true), c])", expr("f(&a, &mut b[0], c)"));
        assertEquals("Binary(&, a, b)", expr("a & b"));
    }

    @Test
    void typeTraitImplAndExtendDeclarations() {
        assertEquals(List.of("TypeDecl(Point, [Field(x, int, null, false), Field(y, int, 0, false)])", "ExprStmt(1)"),
                program("type Point { x: int, y: int = 0 }\n1"));
        assertEquals(List.of("TypeDecl(Box, [Field(value, T, null, false)])"), program("type Box<T = int> { value: T }"));
        assertEquals(List.of("TypeAlias(P, Point)"), program("type P = Point"));
        assertEquals(List.of("Trait(Named, [\"name\", \"size\"], [Method(greet, [], null, Block([], Binary(+, \"hi \", "
                        + "MethodCall(self, name, [], false))))])"),
                program("trait Named<T>: Base + Other {\n type Item;\n name(self): string;\n label: string,\n size(self, n: int): int\n"
                        + " method greet() { \"hi \" + self.name() }\n}"));
        assertEquals(List.of("Impl(Into, bool, int, [Method(into, [], null, Block([], 1))])"),
                program("impl Into<int> for bool as int {\n method into() { 1 }\n}"));
        assertEquals(List.of("Impl(null, Point, null, [Method(norm, [k], number, Block([], k))])"),
                program("extend Point { fn norm(k) -> number { k } }"));
        assertEquals(List.of("Impl(Shape, Sq, null, [])"), program("impl Shape for Sq where Sq: Copy { type Item = int; }"));
    }

    // ------------------------------------------------------------ errors

    @Test
    void unclosedBracketsNameTheirOpening() {
        assertError("let x = (1 + 2\nfoo", 2, 1, "expected ')' to close the parenthesis opened at line 1, column 9, found 'foo'");
        assertError("f(1, 2", 1, 7, "expected ')' to close the call opened at line 1, column 2, found the end of the input");
        assertError("fn f() {\n  1\n", 3, 1, "expected '}' to close the body of function 'f' opened at line 1, column 8");
    }

    @Test
    void lexicalErrorsHavePositions() {
        assertError("let x = 5 ` 3", 1, 11, "unexpected character '`'");
        assertError("let s = \"abc", 1, 9, "string is never closed");
        assertError("\"a\\qb\"", 1, 3, "unknown escape '\\q'");
        assertError("let d = 100ms", 1, 12, "right after the number 100");
        assertError("f\"{}\"", 1, 3, "empty '{}' in f-string");
        assertError("1 /* never", 1, 3, "comment opened here is never closed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fn f(", "let x = ", "\"abc", "f\"{", "match x {", "if x {", "[1, 2", "{ a: ", "|x", "x.",
        "enum E {", "let [a, ", "f\"{1 +}\"", "a ?? ", "Shape::", "1 +", "fn f() -> Array<int"})
    void truncatedInputGivesACompileError(String source) {
        CompileError error = assertThrows(CompileError.class, () -> Parser.parse(source));
        assertTrue(error.line() >= 1 && error.col() >= 1, error.getMessage());
        assertTrue(error.getMessage().startsWith("line " + error.line() + ", column " + error.col() + ": "));
    }

    // ------------------------------------------------------------ nesting limit

    @ParameterizedTest
    @ValueSource(strings = {"(", "[", "{", "if x { ", "if ", "-", "!", "|x| ", "f(", "a[", "{a: ", "return ",
        "match x { _ => ", "2 ** ", "a = ", "f\"{", "fn f() { ", "else if x { 1 } "})
    void deepNestingIsACompileErrorNotAStackOverflow(String opener) {
        String prefix = opener.startsWith("else") ? "if x { 1 } " : "";
        String source = prefix + opener.repeat(100_000) + "1";
        CompileError error = assertThrows(CompileError.class, () -> Parser.parse(source));
        assertTrue(error.getMessage().contains("nesting is deeper than 256 levels"), error.getMessage());
    }

    @Test
    void deepPatternsAndTypesAreLimitedToo() {
        String pattern = "let " + "[".repeat(100_000) + "a";
        assertTrue(assertThrows(CompileError.class, () -> Parser.parse(pattern)).getMessage().contains("deeper than 256"));
        String type = "let a: " + "Array<".repeat(100_000) + "int";
        assertTrue(assertThrows(CompileError.class, () -> Parser.parse(type)).getMessage().contains("deeper than 256"));
    }

    @Test
    void nestingUpToTheLimitParses() {
        assertEquals(1, Parser.parse("(".repeat(200) + "1" + ")".repeat(200)).size());
        assertEquals(1, Parser.parse("[".repeat(200) + "]".repeat(200)).size());
    }

    // ------------------------------------------------------------ helpers

    /** The tree of a one-expression program, without positions. */
    private static String expr(String source) {
        List<Stmt> program = Parser.parse(source);
        assertEquals(1, program.size(), () -> "expected one statement: " + program);
        Stmt only = program.get(0);
        assertTrue(only instanceof Stmt.ExprStmt, () -> "expected an expression: " + only);
        return show(((Stmt.ExprStmt) only).expr());
    }

    private static List<String> program(String source) {
        return Parser.parse(source).stream().map(ParserTest::show).collect(Collectors.toList());
    }

    private static void assertError(String source, int line, int col, String message) {
        CompileError error = assertThrows(CompileError.class, () -> Parser.parse(source));
        assertTrue(error.getMessage().contains(message), error.getMessage());
        assertEquals(line + ":" + col, error.line() + ":" + error.col(), error.getMessage());
    }

    /**
     * Prints a tree compactly: records as Name(components) without line and column, Var and
     * Literal and plain-name Params as their bare value, strings quoted only where they are
     * values.
     */
    private static String show(Object node) {
        if (node == null) return "null";
        if (node instanceof Expr.Var v) return v.name();
        if (node instanceof Expr.Literal l) return l.value() instanceof String s ? quote(s) : String.valueOf(l.value());
        if (node instanceof Expr.Param p && p.pattern() == null && p.defaultValue() == null) return (p.reference() ? "&" : "") + p.name();
        if (node instanceof String s) return s;
        if (node instanceof List<?> list) {
            return list.stream().map(e -> e instanceof String s ? quote(s) : show(e))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (node instanceof Pattern.Literal l) return "Literal(" + (l.value() instanceof String s ? quote(s) : l.value()) + ")";
        if (node instanceof Record record) {
            StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('(');
            boolean first = true;
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals("col")) continue;
                if (component.getName().equals("line") && !(record instanceof Stmt.Ignored)) continue;
                if (!first) out.append(", ");
                first = false;
                try {
                    out.append(show(component.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return out.append(')').toString();
        }
        return String.valueOf(node);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"") + '"';
    }
}
