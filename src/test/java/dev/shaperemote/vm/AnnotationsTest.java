package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Annotations: runtime before/after hooks wrap a function; comptime post hooks rewrite the declaration. */
class AnnotationsTest {
    private static String run(String source) {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults());
        Object value = vm.runMain();
        return vm.output() + "=> " + Values.display(value);
    }

    private static final String TRACE = """
            annotation trace(tag) {
              before(args, ctx) { print(f"{tag} before {args}"); args }
              after(args, result, ctx) { print(f"{tag} after {result}"); result }
            }
            annotation swap() {
              targets: [function]
              before(args, ctx) { [args[1], args[0]] }
            }
            annotation twice() {
              after(args, result, ctx) { result * 2 }
            }
            """;

    @Test
    void hooksRunOutermostFirstBeforeAndInnermostFirstAfter() {
        assertEquals("A before [10, 3]\nB before [3, 10]\nB after -7\nA after -7\n=> -7",
                run(TRACE + "@trace(\"A\")\n@swap()\n@trace(\"B\")\nfn sub(a, b) { a - b }\nsub(10, 3)"));
        assertEquals("=> 14", run(TRACE + "@twice\nfn f(x, y = 2) { return x + y }\nf(5)")); // defaults, return, no parentheses
        assertEquals("=> 240", run(TRACE + "@twice()\nfn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) / 2 } }\nfact(5)")); // each recursive call goes through the wrapper
    }

    @Test
    void comptimeHooksExtendReplaceSetAndRemove() {
        String source = """
                annotation getter() {
                  targets: [type]
                  comptime post(target, ctx) { extend target { method get() { self.value } } }
                }
                annotation stub(v) {
                  comptime post(target, ctx) {
                    replace body { "stubbed" }
                    set param y = v
                  }
                }
                annotation gone() { comptime post(target, ctx) { remove target } }
                @getter()
                type Box { value: int }
                @stub(10)
                fn f(x, y) { x + y }
                @gone
                type Ghost { x: int }
                [Box { value: 4 }.get(), f(1)]
                """;
        assertEquals("=> [4, \"stubbed\"]", run(source));
        CompileError e = assertThrows(CompileError.class, () -> ShapeCompiler.compile(source + "\nGhost { x: 1 }"));
        assertTrue(e.getMessage().contains("unknown type 'Ghost'"), e.getMessage());
    }

    @Test
    void anAnnotationAppliesOnlyToItsTargets() {
        String typeOnly = "annotation t() { targets: [type]\n comptime post(target, ctx) { } }\n";
        assertTrue(refused(typeOnly + "@t()\nfn f() { 1 }").contains("cannot be applied to a function: its targets are type"));
        assertTrue(refused(TRACE + "@trace(\"x\")\nlet x = 42").contains("cannot be applied to a let binding"));
        assertTrue(refused(TRACE + "let v = @trace(\"x\") (40 + 2)").contains("cannot be applied to an expression"));
        assertTrue(refused(TRACE + "@trace(\"x\")\ntype P { x: int }").contains("cannot be applied to a type"));
        assertTrue(refused("@nothing\nfn f() { 1 }").contains("unknown annotation '@nothing'"));
        assertEquals("=> 1", run(typeOnly + "@t()\ntrait T { m(self): int }\n1"));
    }

    private static String refused(String source) {
        return assertThrows(CompileError.class, () -> ShapeCompiler.compile(source)).getMessage();
    }
}
