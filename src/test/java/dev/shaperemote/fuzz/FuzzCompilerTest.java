package dev.shaperemote.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;

import java.nio.charset.StandardCharsets;

/**
 * Shape source text through {@link ShapeCompiler}: the only failure allowed is a
 * {@link CompileError}. What compiles must link and pass the verifier (a LinkError here is a
 * compiler bug), and then runs under {@link FuzzChecks#BUDGETS}.
 */
class FuzzCompilerTest {
    @FuzzTest(maxDuration = "10s")
    void compile(byte[] data) {
        String source = new String(data, StandardCharsets.UTF_8);
        Program program;
        try {
            program = ShapeCompiler.compile(source);
        } catch (CompileError e) {
            return;
        }
        BytecodeProgram linked = Linker.link(program);
        FuzzChecks.run(linked, linked.entry(), new Object[0], null);
    }
}
