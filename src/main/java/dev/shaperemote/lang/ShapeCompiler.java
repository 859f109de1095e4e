package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Program;

/** Shape source in, content-addressed program out. */
public final class ShapeCompiler {
    private ShapeCompiler() {}

    /** Compiles a whole program; its entry function runs the top-level statements. */
    public static Program compile(String source) {
        try {
            Compiler compiler = new Compiler();
            FunctionBuilder main = compiler.compileProgram(Parser.parse(source));
            return ProgramAssembler.assemble(main, compiler.all);
        } catch (StackOverflowError e) {
            // The parser bounds nesting, but a flat chain of 100 000 operators still makes a deep tree.
            throw new CompileError(1, 1, "the program is nested too deeply to compile; split long expressions into several statements");
        }
    }
}
