package dev.shaperemote.vm;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Struct values, traits, impl and extend blocks: methods dispatch on the receiver's type at run time. */
class TypeMethodsTest {
    private static Object run(String source) {
        return new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults()).runMain();
    }

    private static final String SHAPES = """
            trait Shape {
                area(self): number
                method describe() { self.name() + " of area " + self.area() }
                method name() { "shape" }
            }
            type Square { side: number }
            type Circle { r: number }
            impl Shape for Square {
                method area() { self.side * self.side }
                method name() { "square" }
            }
            impl Shape for Circle {
                method area() { 3 * self.r * self.r }
            }
            fn total<T: Shape>(shapes: Array<T>) -> number { shapes.map(|s| s.area()).sum() }
            """;

    @Test
    void aMethodCallRunsTheMethodOfTheReceiversType() {
        assertEquals(4.0 + 12.0, run(SHAPES + "total([Square { side: 2 }, Circle { r: 2 }])"));
        assertEquals("square of area 4.0", run(SHAPES + "Square { side: 2 }.describe()"));
    }

    @Test
    void aProvidedMethodRunsUnlessTheImplDefinesItsOwn() {
        assertEquals("shape of area 3.0", run(SHAPES + "Circle { r: 1 }.describe()"));
        assertEquals("square", run(SHAPES + "let s = Square { side: 1 }\ns.name()"));
    }

    @Test
    void methodsTakeArgumentsAndBuildNewValuesOfTheirType() {
        String source = """
                type Counter { n: int }
                extend Counter {
                    method add(k) { Counter { n: self.n + k } }
                    fn get() { self.n }
                }
                let mut c = Counter { n: 0 }
                for i in 1..=4 { c = c.add(i) }
                c.get()
                """;
        assertEquals(10L, run(source));
    }

    @Test
    void operatorsCallTheOperatorMethodsOfTheLeftOperand() {
        String source = """
                type V { x: number, y: number }
                impl Add for V { method add(o) { V { x: self.x + o.x, y: self.y + o.y } } }
                impl Sub for V { method sub(o) { V { x: self.x - o.x, y: self.y - o.y } } }
                impl Mul for V { method mul(o) { V { x: self.x * o.x, y: self.y * o.y } } }
                impl Div for V { method div(o) { V { x: self.x / o.x, y: self.y / o.y } } }
                impl Neg for V { method neg() { V { x: -self.x, y: -self.y } } }
                let a = V { x: 6, y: 8 }
                let b = V { x: 2, y: 4 }
                let r = -((a + b) * b - a) / b
                [r.x, r.y]
                """;
        assertEquals("[-5.0, -10.0]", Values.display(run(source)));
        ShapeError e = assertThrows(ShapeError.class, () -> run("type P { x: int }\nP { x: 1 } + P { x: 2 }"));
        assertTrue(e.getMessage().contains("cannot apply '+' to object and object"), e.getMessage());
    }

    @Test
    void displayGivesToStringAndANamedImplIsNotTheDefault() {
        String source = """
                type User { name: string }
                trait Display { display(self): string }
                impl Display for User { method display() { "user:" + self.name } }
                impl Display for User as Json { method display() { "json:" + self.name } }
                User { name: "Ada" }.to_string()
                """;
        assertEquals("user:Ada", run(source));
    }

    @Test
    void numberCanBeExtendedAndOtherBuiltinTypesCannot() {
        assertEquals(42.0, run("extend Number { method double() { self * 2.0 } }\n21.0.double()"));
        assertEquals(true, run("extend Number { method positive() { self > 0 } }\n5.positive()"));
        ShapeError e = assertThrows(ShapeError.class, () -> run("extend String { method shout() { self + \"!\" } }\n\"a\".shout()"));
        assertTrue(e.getMessage().contains("Unknown method 'shout'"), e.getMessage());
    }

    @Test
    void enumsHaveMethodsToo() {
        String source = """
                enum Light { Red, Green }
                impl Light { method go() { match self { Light::Green => true, _ => false } } }
                [Light::Red.go(), Light::Green.go()]
                """;
        assertEquals("[false, true]", Values.display(run(source)));
    }

    @Test
    void structValuesKnowTheirTypeAndFillTheirFields() {
        assertEquals(true, run("type P { x: number }\nP { x: 1 } is P"));
        assertEquals(false, run("type P { x: number }\ntype Q { x: number }\nP { x: 1 } is Q"));
        assertEquals(3.0, run("type P { x: number }\nP { x: 3 }.x")); // an int stored in a number field is a number
        assertEquals(3L, run("type P { x: int }\nP { x: 3 }.x"));
        assertEquals("[8080, false]", Values.display(run("type C { port: int = 8080, debug: bool = false }\nlet c = C {}\n[c.port, c.debug]")));
        assertEquals(1L, run("type Point { x: int, y: int }\ntype P = Point\nlet p = P { x: 1, y: 2 }\nif p is Point { p.x } else { 0 }"));
        assertEquals(true, run("type P { x: int }\nP { x: 1 } == { x: 1 }")); // equality compares the fields
    }

    @Test
    void aFieldHoldingAFunctionStillWinsOverAMethod() {
        assertEquals(1L, run("type T { f: any }\nextend T { method f() { 2 } }\nlet t = T { f: || 1 }\nt.f()"));
    }

    @Test
    void methodsAreDefinedBeforeAnyTopLevelCodeRuns() {
        BytecodeProgram p = Linker.link(ShapeCompiler.compile("""
                type P { x: int }
                fn make() { P { x: 2 } }
                let first = make().twice()
                extend P { method twice() { self.x * 2 } }
                first
                """));
        assertEquals(4L, new Interpreter(p, Budgets.defaults()).runMain());
    }

    @Test
    void typeGivesTheNameOfAValuesType() {
        assertEquals("[\"int\", \"number\", \"array\", \"P\", \"P\"]",
                Values.display(run("type P { x: int }\nfn t() { [1.type(), 2.5.type(), [1].type(), P { x: 1 }.type(), P.type()] }\nt()")));
    }

    @Test
    void aComptimeFieldIsTheTypesOwnValue() {
        assertEquals("[\"$\", \"$\", 5.0]", Values.display(run("type Currency {\n comptime symbol: string = \"$\",\n amount: number\n}\n"
                + "let c = Currency { amount: 5 }\n[Currency.symbol, c.symbol, c.amount]")));
    }

    private static final String AB = "type A { x: number, y: number }\ntype B { z: int }\n";

    @Test
    void anObjectConvertsToAStructWithExactlyItsDeclaredFields() {
        assertEquals("A { x: 1.0, y: 2.0 }", run(AB + "let a = { x: 1, y: 2, w: 9 } as A\nf\"{a.type()} {a}\""));
        assertEquals(true, run(AB + "let a = A { x: 1, y: 2 }\n(a as A) == a"));
        ShapeError missing = assertThrows(ShapeError.class, () -> run(AB + "let o = { x: 1 }\no as A"));
        assertTrue(missing.getMessage().contains("it has no field 'y', which A declares"), missing.getMessage());
    }

    @Test
    void aTypedTuplePatternSplitsAnObjectIntoOneStructPerType() {
        assertEquals(33.0, run(AB + "let (a: A, b: B) = { x: 10, y: 20, z: 3 }\na.x + a.y + b.z"));
        assertEquals("B", run(AB + "let (a: A, b: B) = { x: 10, y: 20, z: 3 }\nb.type()"));
        assertEquals(4.0, run(AB + "let (p: A, q: A) = [A { x: 1, y: 2 }, A { x: 3, y: 4 }]\np.x + q.x"));
    }

    @Test
    void plainObjectsMergeWithPlusAndAnIntersectionCastChecksBothTypes() {
        assertEquals(6.0, run(AB + "let c = { x: 1, y: 2 } + { z: 3 }\nlet (f: A, g: B) = c as (A + B)\nf.x + f.y + g.z"));
        assertEquals(5L, run("({ k: 1 } + { k: 5 }).k"));
        ShapeError lacking = assertThrows(ShapeError.class, () -> run(AB + "let o = { x: 1, y: 2 }\no as (A + B)"));
        assertTrue(lacking.getMessage().contains("no field 'z'"), lacking.getMessage());
    }
}
