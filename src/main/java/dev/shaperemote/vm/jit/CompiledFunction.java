package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;

/**
 * A function compiled to a JVM class. The class is hidden and holds nothing of one program: the
 * proto it runs for is passed in, so every linked copy of the same blob shares one class.
 */
public abstract class CompiledFunction {
    /** Runs {@code self} with exactly {@code self.arity} arguments; {@code ctx.depth} is already this call's depth. */
    public abstract Object call(JitContext ctx, FunctionProto self, Object[] args);
}
