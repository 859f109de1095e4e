package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.ShapeError;

/**
 * What compiled code asks of the run it is part of: the shared instruction count, the next point at
 * which budgets and the cancel flag are looked at, the call depth, and the way back into the
 * interpreter (to call a function that is not compiled, or to resume a frame whose guard failed).
 * The interpreter implements it, so both modes count, poll and fail with the same objects.
 */
public abstract class JitContext {
    /** Instructions executed so far in this run; compiled code keeps a local copy and writes it back at calls and returns. */
    public long executed;
    /** When {@link #executed} reaches this, the next back edge or call polls. */
    public long nextCheck;
    /** Depth of the innermost compiled frame (interpreter frames below it included). */
    public int depth;
    public final int maxDepth;
    /**
     * Depth from which calls go through {@link #callDeep}: at most {@link #maxDepth}, and low enough that
     * compiled frames, which live on the Java stack, cannot overflow it before the depth budget is reached.
     */
    public int depthLimit;

    protected JitContext(int maxDepth) { this.maxDepth = maxDepth; }

    /** Checks the budgets and the cancel flag at {@code count}; throws the interpreter's error, located at {@code ip} of {@code self}. */
    public abstract void poll(long count, FunctionProto self, int ip);

    /** Calls {@code self.refs[ref]} (possibly {@code self}) at depth {@link #depth}: compiled when it is, else interpreted. */
    public abstract Object callFunction(FunctionProto self, int ip, int ref, Object[] args);

    /**
     * A call at {@link #depthLimit}: the depth budget's error at {@link #maxDepth}, else {@code self.refs[ref]}
     * runs in the interpreter, whose frames live on its own stack.
     */
    public abstract Object callDeep(FunctionProto self, int ip, int ref, Object[] args);

    /**
     * Deoptimises: the interpreter goes on with {@code self} at {@code ip}, its locals and operands being
     * {@code frame} (locals first). Counting resumes from {@link #executed}.
     */
    public abstract Object resume(FunctionProto self, Object[] frame, int ip);

    /** The interpreter's call depth error, located at the call. */
    public ShapeError depthExceeded(FunctionProto self, int ip) {
        return ShapeError.limit("call depth budget of " + maxDepth + " exceeded (unbounded recursion?)")
                .at(self.name, self.lineAt(ip));
    }
}
