package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Program;

/** Shape source in, content-addressed program out. */
public final class ShapeCompiler {
    private ShapeCompiler() {}

    /** Compiles a whole program under the default limits ({@link CompileLimits#DEFAULT}). */
    public static Program compile(String source) { return compile(source, CompileLimits.DEFAULT); }

    /**
     * Compiles a whole program; its entry function runs the top-level statements. Source over the
     * size limit is a CompileError before it is read; the limits' checkpoint may stop the compile.
     */
    public static Program compile(String source, CompileLimits limits) {
        limits.checkSize(source);
        try {
            Compiler compiler = new Compiler();
            java.util.List<Stmt> program = Parser.parse(source, limits.checkpoint());
            limits.checkpoint().run();
            FunctionBuilder main = compiler.compileProgram(program);
            limits.checkpoint().run();
            Program assembled = ProgramAssembler.assemble(main, compiler.all);
            return new Program(assembled.entry(), assembled.blobs(), compiler.structTypes());
        } catch (StackOverflowError e) {
            // The parser bounds nesting, but a flat chain of 100 000 operators still makes a deep tree.
            throw new CompileError(1, 1, "the program is nested too deeply to compile; split long expressions into several statements");
        }
    }
}
