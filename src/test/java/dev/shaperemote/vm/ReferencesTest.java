package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reference parameters: '&x' in a function's parameters reads and writes the place its caller lent with '&'. */
class ReferencesTest {
    private static Object run(String source) {
        return new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults()).runMain();
    }

    @Test
    void aReferenceParameterWritesTheCallersVariable() {
        assertEquals(3L, run("fn inc(&x) { x = x + 1 }\nlet a = 0\ninc(&a)\ninc(&a)\ninc(&a)\na")); // a global
        assertEquals(2L, run("fn inc(&x) { x = x + 1 }\nfn outer() { let a = 0\n inc(&a)\n inc(&mut a)\n a }\nouter()")); // a local
        assertEquals(99042L, run("fn swap(&a, &b) { let t = a\n a = b\n b = t }\nlet x = 42\nlet y = 99\nswap(&x, &y)\nx * 1000 + y"));
        assertEquals(42L, run("fn read(&x) { x }\nlet a = 42\nread(&a)"));
    }

    @Test
    void elementsFieldsAndCapturedVariablesCanBeLent() {
        assertEquals("[1, 0, 3]", Values.display(run("fn zero(&x) { x = 0 }\nlet arr = [1, 2, 3]\nzero(&arr[1])\narr")));
        assertEquals(5L, run("type C { n: int }\nfn set(&x, v) { x = v }\nlet c = C { n: 1 }\nset(&c.n, 5)\nc.n"));
        assertEquals(2L, run("fn inc(&x) { x = x + 1 }\nfn f() { let mut n = 0\n let g = || { inc(&n) }\n g()\n g()\n n }\nf()"));
    }

    @Test
    void aReferencePassedOnAndCapturedStillAliasesTheCallersPlace() {
        assertEquals(4L, run("fn add1(&x) { x = x + 1 }\nfn add2(&x) { add1(&x); add1(&x) }\nfn add4(&x) { add2(&x); add2(&x) }\n"
                + "let a = 0\nadd4(&a)\na"));
        assertEquals(5L, run("fn count(&c, n) { if n <= 0 { return }\n c = c + 1\n count(&c, n - 1) }\nlet c = 0\ncount(&c, 5)\nc"));
        assertEquals(3L, run("fn each(&total, xs) { xs.forEach(|v| { total = total + v }) }\nlet t = 0\neach(&t, [1, 2])\nt"));
    }

    @Test
    void theCallsValueStaysWhenThePlaceIsWrittenBack() {
        assertEquals(1122L, run("fn bump(&x) { let old = x\n x = x + 1\n old }\nlet a = 10\nlet v1 = bump(&a)\nlet v2 = bump(&a)\n"
                + "v1 * 100 + v2 * 10 + a"));
    }
}
