package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.Values;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random well-formed programs in the compiler's subset (int and number arithmetic, comparisons, locals,
 * loops, branches, calls, a few strings and bools to make guards fail) run compiled and interpreted:
 * the same value, or the same error kind and message; and on success the same instruction count.
 */
class JitDifferentialProperties {

    @Property(tries = 300)
    void compiledRunsAnswerAsTheInterpreter(@ForAll("programs") String source) {
        BytecodeProgram interpreted = Linker.link(ShapeCompiler.compile(source));
        BytecodeProgram compiled = Linker.link(ShapeCompiler.compile(source));
        compiled.functions().forEach(Jit::compile); // ahead of time: every function the compiler takes runs compiled
        assertEquals(outcome(new Interpreter(interpreted, BUDGETS, false)), outcome(new Interpreter(compiled, BUDGETS, true)), source);
        // Jit.compile takes a class the JVM rejects for a refusal; these throw the verifier's error instead
        for (FunctionProto f : compiled.functions()) {
            if (Jit.refusal(f) != null) continue;
            Jit.compileFresh(f);
            Jit.compileGenericFresh(f);
        }
    }

    static final Budgets BUDGETS = Budgets.defaults().withInstructions(2_000_000);

    static String outcome(Interpreter vm) {
        try {
            Object v = vm.runMain();
            return "ok " + Values.typeName(v) + " " + Values.display(v) + " after " + vm.instructionsExecuted();
        } catch (ShapeError e) {
            return e.kind() + ": " + e.getMessage();
        }
    }

    @Provide
    Arbitrary<String> programs() {
        Arbitrary<String> g = expr(2, "a", "b");
        Arbitrary<String> body = expr(3, "x", "i", "n", "m");
        Arbitrary<String> cond = Combinators.combine(expr(2, "x", "i", "n"), Arbitraries.of("<", "<=", ">", ">=", "==", "!="), expr(2, "x", "n", "m"))
                .as((l, op, r) -> l + " " + op + " " + r);
        Arbitrary<String> cond2 = Combinators.combine(cond, Arbitraries.of("&&", "||", ""), cond)
                .as((a, op, b) -> op.isEmpty() ? a : "(" + a + ") " + op + " (" + b + ")");
        Arbitrary<Integer> loops = Arbitraries.integers().between(0, 30);
        Arbitrary<String> args = Combinators.combine(atom("j"), atom("j")).as((a, b) -> a + ", " + b);
        return Combinators.combine(g, body, body, cond2, loops, args, expr(2, "x", "n"), expr(2, "x", "m"))
                .as((gb, step, init, c, k, arg, yes, no) -> """
                        fn g(a, b) { %s }
                        fn r(k) { if k <= 0 { 1 } else { r(k - 1) + k } }
                        fn f(n, m) {
                          let mut x = %s
                          let mut i = 0
                          while i < %d {
                            x = %s
                            i = i + 1
                          }
                          if %s { %s } else { %s }
                        }
                        let mut t = 0
                        let mut j = 0
                        while j < 3 { t = f(%s); j = j + 1 }
                        t
                        """.formatted(gb, init.replace("x", "n").replace("i", "m"), k, step, c, yes, no, arg));
    }

    private Arbitrary<String> atom(String... names) {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-20, 20).map(v -> v < 0 ? "(" + v + ")" : Long.toString(v)),
                Arbitraries.of("9223372036854775807", "4611686018427387904", "3037000499", "0.5", "2.25", "(-1.5)", "0.0", "true", "\"s\""),
                Arbitraries.of(names));
    }

    private Arbitrary<String> expr(int depth, String... names) {
        if (depth == 0) return atom(names);
        Arbitrary<String> sub = expr(depth - 1, names);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, atom(names)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(sub, Arbitraries.of("+", "-", "*", "/", "%"), sub).as((a, op, b) -> "(" + a + " " + op + " " + b + ")")),
                net.jqwik.api.Tuple.of(1, sub.map(a -> "(-" + a + ")")),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> "g(" + a + ", " + b + ")")),
                net.jqwik.api.Tuple.of(1, sub.map(a -> "r(" + a + " % 5)")));
    }
}
