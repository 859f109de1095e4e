package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;

/**
 * A function compiled to a JVM class. The class is hidden and holds nothing of one program: the
 * proto it runs for is passed in, so every linked copy of the same blob shares one class.
 */
public abstract class CompiledFunction {
    /** The generic variant's class, for arguments the int variant does not take; made on first need. */
    private CompiledFunction generic;

    /** Runs {@code self} with exactly {@code self.arity} arguments; {@code ctx.depth} is already this call's depth. */
    public abstract Object call(JitContext ctx, FunctionProto self, Object[] args);

    /**
     * Runs {@code self} with arguments that are not all ints. Compiling it costs as much as the int variant
     * did, so it is done only for functions that are called so; two threads may both compile it, and either
     * class does the same.
     */
    protected final Object callGeneric(JitContext ctx, FunctionProto self, Object[] args) {
        CompiledFunction g = generic;
        if (g == null) generic = g = Jit.generic(self);
        return g.call(ctx, self, args);
    }
}
