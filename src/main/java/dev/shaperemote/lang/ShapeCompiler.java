package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Program;

/** Shape source in, content-addressed program out. */
public final class ShapeCompiler {
    private ShapeCompiler() {}

    /** Compiles a whole program; its entry function runs the top-level statements. */
    public static Program compile(String source) {
        Compiler compiler = new Compiler();
        FunctionBuilder main = compiler.compileProgram(Parser.parse(source));
        return ProgramAssembler.assemble(main, compiler.all);
    }
}
