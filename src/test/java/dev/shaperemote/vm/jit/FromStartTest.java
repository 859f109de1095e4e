package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stand-in for a generic variant the compiler would not write hands the call to the interpreter as a call would start. */
class FromStartTest {
    @Test
    void theInterpreterGetsTheArgumentsAsTheFirstLocalsTheOthersUnsetAtTheFirstInstruction() {
        FunctionProto f = Linker.link(ShapeCompiler.compile("fn f(a, b) { let c = a + b\n let d = c * 2\n d }\nf(1, 2)")).byName("f").get(0);
        Object[][] frame = new Object[1][];
        int[] ip = {-1};
        JitContext ctx = new JitContext(100) {
            @Override public void poll(long count, FunctionProto self, int at) { }
            @Override public Object callFunction(FunctionProto self, int at, int ref, Object[] args) { return null; }
            @Override public Object callDeep(FunctionProto self, int at, int ref, Object[] args) { return null; }
            @Override public Object resume(FunctionProto self, Object[] values, int at) {
                frame[0] = values;
                ip[0] = at;
                return "resumed";
            }
        };
        assertEquals("resumed", new FromStart().call(ctx, f, new Object[] {1.5, "x"}));
        assertEquals(0, ip[0]);
        Object[] expected = new Object[f.localsCount];
        expected[0] = 1.5;
        expected[1] = "x";
        assertEquals(Arrays.asList(expected), Arrays.asList(frame[0]));
        assertEquals(4, f.localsCount, "a, b, c and d");
    }
}
