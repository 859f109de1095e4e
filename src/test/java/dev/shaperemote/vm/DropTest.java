package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** impl Drop: a let binding's value is dropped where its scope ends, last declared first, once. */
class DropTest {
    private static final String R = "type R { n: string }\nimpl Drop for R { method drop() { print(\"drop \" + self.n) } }\n";

    private static String output(String source) {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(R + source)), Budgets.defaults());
        Object value = vm.runMain();
        return vm.output() + "=> " + Values.display(value);
    }

    @Test
    void scopesDropTheirBindingsLastFirst() {
        assertEquals("drop b\ndrop a\nafter\n=> ()", output("{\n let a = R { n: \"a\" }\n let b = R { n: \"b\" }\n}\nprint(\"after\")"));
        assertEquals("drop inner\ndrop outer\n=> 1", output("fn f() { let o = R { n: \"outer\" }\n { let i = R { n: \"inner\" } }\n 1 }\nf()"));
        assertEquals("end\ndrop top\n=> 7", output("let t = R { n: \"top\" }\nprint(\"end\")\n7")); // the program's end
    }

    @Test
    void loopsDropEachIterationAndOnBreak() {
        assertEquals("drop 0\ndrop 1\ndrop 2\n=> ()",
                output("for i in 0..5 {\n let r = R { n: str(i) }\n if i == 2 { break }\n}"));
        assertEquals("drop 0\ndrop 1\n=> ()", output("for i in 0..2 {\n let r = R { n: str(i) }\n continue\n}"));
    }

    @Test
    void aReturnedValueMovesToTheCallerAndIsDroppedOnce() {
        assertEquals("got a\ndrop a\n=> ()", output("fn make() { let r = R { n: \"a\" }\n r }\n"
                + "fn use() { let x = make()\n print(\"got \" + x.n) }\nuse()"));
        assertEquals("drop a\n=> ()", output("fn f() { let a = R { n: \"a\" }\n let b = a\n }\nf()"));
        assertEquals("drop a\n=> 2", output("fn f() { let a = R { n: \"a\" }\n return 2\n }\nf()"));
    }

    @Test
    void withoutADropImplNothingIsAdded() {
        String plain = "type P { x: int }\nfn f() { let p = P { x: 1 }\n p.x }\nf()";
        assertEquals(false, ShapeCompiler.compile(plain).blobs().values().stream().anyMatch(b -> b.strings().contains("__drop")));
        assertEquals(true, ShapeCompiler.compile(R + plain).blobs().values().stream().anyMatch(b -> b.strings().contains("__drop")));
        assertEquals(1L, new Interpreter(Linker.link(ShapeCompiler.compile(plain)), Budgets.defaults()).runMain());
    }
}
