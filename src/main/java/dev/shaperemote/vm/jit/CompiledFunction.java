package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;

/**
 * A function compiled to a JVM class. The class is hidden and holds nothing of one program: the
 * proto it runs for is passed in, so every linked copy of the same blob shares one class.
 */
public abstract class CompiledFunction {
    /** What {@link #enterLoop} gives when the compiled code cannot take over the frame: the interpreter goes on. */
    public static final Object NOT_ENTERED = new Object() {
        @Override public String toString() { return "<not entered>"; }
    };

    /** The generic variant's class, for arguments the int variant does not take; made on first need. */
    private CompiledFunction generic;
    /** The loop-entry class (on-stack replacement), made the first time a call of this function loops long. */
    private CompiledFunction loops;

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

    /**
     * On-stack replacement: runs the rest of a call of {@code self} that the interpreter has been running, from the
     * loop header {@code ip}, its locals being {@code frame}; the call's value, or {@link #NOT_ENTERED} (nothing run)
     * when the compiled code does not take these values or this place. {@code ctx.depth} is the call's own depth.
     */
    public final Object enterLoop(JitContext ctx, FunctionProto self, Object[] frame, int ip) {
        CompiledFunction l = loops;
        if (l == null) loops = l = Jit.loops(self, frame);
        return l.loop(ctx, self, frame, ip);
    }

    /** Whether a loop-entry class was made for this function (for tests). */
    boolean hasLoopEntry() {
        return loops != null && !(loops instanceof FromStart);
    }

    /** A loop-entry class's entry; any other class enters no loop. */
    protected Object loop(JitContext ctx, FunctionProto self, Object[] frame, int ip) {
        return NOT_ENTERED;
    }
}
