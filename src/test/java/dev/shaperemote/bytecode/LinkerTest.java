package dev.shaperemote.bytecode;

import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blobs that could make the VM read outside its tables or stack never link. */
class LinkerTest {
    private static FunctionBlob blob(int[] code, List<Object> constants, int locals) {
        return FunctionBlob.create("f", 0, List.of(), locals, false, 0, Instructions.encode(code), constants,
                List.of(), List.of(), List.of());
    }

    private static LinkError rejects(FunctionBlob b) {
        return assertThrows(LinkError.class, () -> Linker.link(Map.of(b.contentHash(), b), b.contentHash()));
    }

    @Test
    void aWellFormedBlobLinks() {
        FunctionBlob b = blob(new int[] {Op.CONST, 0, Op.RETURN}, List.of(1L), 0);
        BytecodeProgram p = Linker.link(Map.of(b.contentHash(), b), b.contentHash());
        assertEquals("f", p.entry().name);
        assertEquals(2, p.entry().maxStack);
    }

    @Test
    void malformedCodeIsRejected() {
        assertTrue(rejects(blob(new int[] {Op.CONST, 3, Op.RETURN}, List.of(1L), 0)).getMessage().contains("constant"));
        assertTrue(rejects(blob(new int[] {Op.POP, Op.UNIT, Op.RETURN}, List.of(), 0)).getMessage().contains("stack"));
        assertTrue(rejects(blob(new int[] {Op.JUMP, 99}, List.of(), 0)).getMessage().contains("jumps"));
        assertTrue(rejects(blob(new int[] {Op.LOAD_LOCAL, 5, Op.RETURN}, List.of(), 1)).getMessage().contains("local"));
        assertTrue(rejects(blob(new int[] {Op.UNIT}, List.of(), 0)).getMessage().contains("end"));
        rejects(blob(new int[] {999}, List.of(), 0));
        rejects(blob(new int[] {Op.CLOSURE, 0, 1000000}, List.of(), 0));
        assertTrue(rejects(blob(new int[] {Op.STRUCT, 0, Op.RETURN}, List.of(), 0)).getMessage().contains("string"));
    }

    @Test
    void defineMethodNeedsAFunctionAndTwoNames() {
        FunctionBlob method = FunctionBlob.create("P.m", 1, List.of("self"), 1, false, 0,
                Instructions.encode(new int[] {Op.UNIT, Op.RETURN}), List.of(), List.of(), List.of(), List.of());
        FunctionBlob good = FunctionBlob.create("__main__", 0, List.of(), 0, false, 0,
                Instructions.encode(new int[] {Op.DEFINE_METHOD, 0, 0, 1, Op.UNIT, Op.RETURN}), List.of(), List.of("P", "m"),
                List.of(method.contentHash()), List.of());
        Map<FunctionHash, FunctionBlob> blobs = new HashMap<>(Map.of(good.contentHash(), good, method.contentHash(), method));
        assertEquals("__main__", Linker.link(blobs, good.contentHash()).entry().name);
        FunctionBlob badName = FunctionBlob.create("__main__", 0, List.of(), 0, false, 0,
                Instructions.encode(new int[] {Op.DEFINE_METHOD, 0, 0, 2, Op.UNIT, Op.RETURN}), List.of(), List.of("P", "m"),
                List.of(method.contentHash()), List.of());
        Map<FunctionHash, FunctionBlob> bad = new HashMap<>(Map.of(badName.contentHash(), badName, method.contentHash(), method));
        assertTrue(assertThrows(LinkError.class, () -> Linker.link(bad, badName.contentHash())).getMessage().contains("string"));
    }

    @Test
    void aBlobThatNamesAnUnknownBuiltinIsRejected() {
        FunctionBlob forged = FunctionBlob.create("f", 0, List.of(), 0, false, 0,
                Instructions.encode(new int[] {Op.LOAD_NATIVE, 0, Op.RETURN}), List.of(), List.of("System.exit"), List.of(), List.of());
        assertTrue(rejects(forged).getMessage().contains("names no builtin ('System.exit')"));
        FunctionBlob fine = FunctionBlob.create("f", 0, List.of(), 0, false, 0,
                Instructions.encode(new int[] {Op.LOAD_NATIVE, 0, Op.RETURN}), List.of(), List.of("len"), List.of(), List.of());
        assertEquals("f", Linker.link(Map.of(fine.contentHash(), fine), fine.contentHash()).entry().name);
    }

    @Test
    void aLoopThatGrowsTheStackIsRejected() {
        // top: CONST 0; JUMP top — each pass would push one more value.
        assertTrue(rejects(blob(new int[] {Op.CONST, 0, Op.JUMP, 0}, List.of(1L), 0)).getMessage().contains("different stack heights"));
    }

    @Test
    void missingDependenciesAreListedByHash() {
        Program p = ShapeCompiler.compile("fn g(x) { x + 1 }\nfn f(x) { g(x) * 2 }\nf(1)");
        FunctionHash g = p.blobs().values().stream().filter(b -> b.name().equals("g")).findFirst().orElseThrow().contentHash();
        Map<FunctionHash, FunctionBlob> without = new HashMap<>(p.blobs());
        without.remove(g);
        LinkError e = assertThrows(LinkError.class, () -> Linker.link(without, p.entry()));
        assertEquals(List.of(g), e.missing());
    }
}
