package dev.shaperemote.vm;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Op;
import dev.shaperemote.vm.jit.CompiledFunction;
import dev.shaperemote.vm.jit.Jit;
import dev.shaperemote.vm.jit.JitContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a linked program: one value stack shared by all frames (each frame's locals sit below its
 * operands), budgets checked as it goes, and everything a program can do wrong turned into a
 * {@link ShapeError}. One interpreter runs one program on one thread; {@link #cancel()} may be
 * called from any thread.
 */
public final class Interpreter implements CallContext {
    /** Instructions between two looks at the cancellation flag and the instruction budget. */
    private static final int CHECK_EVERY = 4096;
    /** How often natives may call back into Shape code inside one another (each costs Java stack). */
    private static final int MAX_NATIVE_NESTING = 200;

    private static final class Frame {
        FunctionProto proto;
        int ip;
        int base;
        Cell[] cells;
        boolean calleeSlot;
    }

    private final BytecodeProgram program;
    private final Budgets budgets;
    private final int maxCallDepth;
    private Object[] stack = new Object[256];
    private int sp;
    private Frame[] frames = new Frame[16];
    private int frameCount;
    private final Object[] globals;
    private final Map<String, Object> natives = new HashMap<>();
    private final StringBuilder out = new StringBuilder();
    private volatile boolean cancelled;
    private long executed;
    private long memoryCharged;
    /** Work of the memory meter, in instructions; counted against the instruction budget with {@link #executed}. */
    private long meterWork;
    private long memoryPeak;
    /** Bytes builders in progress hold (text being formatted): live, though no value refers to them yet. */
    private long memoryHeld;
    private int nativeNesting;
    /** Methods of types (impl and extend blocks), filled by DEFINE_METHOD; null until the first one runs. */
    private TypeMethods typeMethods;
    /** Whether hot functions run compiled (docs/BYTECODE.md section 7); false: this interpreter runs everything itself. */
    private final boolean compiling;
    private final int jitThreshold;
    private final Bridge bridge;
    /** Frames run in this loop for compiled code (calls it made, frames it gave back) now on the Java stack. */
    private int interpretingForCompiled;

    /** An interpreter that compiles hot functions as {@code budgets} say ({@link Budgets#jitOrSystem}). */
    public Interpreter(BytecodeProgram program, Budgets budgets) {
        this(program, budgets, budgets.jitOrSystem().enabled());
    }

    /** An interpreter that compiles hot functions when {@code compiling} (at the heat {@code budgets} say), or interprets everything. */
    public Interpreter(BytecodeProgram program, Budgets budgets, boolean compiling) {
        this.program = program;
        this.budgets = budgets;
        this.maxCallDepth = budgets.maxCallDepth();
        this.globals = new Object[program.globalNames().size()];
        Arrays.fill(globals, Undefined.INSTANCE);
        this.compiling = compiling;
        this.jitThreshold = budgets.jitOrSystem().threshold();
        this.bridge = new Bridge();
    }

    /** Marks a global slot nobody has assigned yet. */
    private enum Undefined { INSTANCE }

    // ---- public API ----

    /** Runs the top-level code and returns the value of its last expression. */
    public Object runMain() {
        if (program.entry() == null) throw new ShapeError(ShapeError.Kind.FunctionNotFound, "the program has no top-level code");
        return invoke(program.entry(), null, new Object[0], true);
    }

    /** Calls one function with arguments (and, for a closure, the values it captured). */
    public Object call(FunctionProto f, Object[] args, Object[] upvalues) {
        Cell[] cells = null;
        if (upvalues != null) {
            cells = new Cell[upvalues.length];
            for (int i = 0; i < upvalues.length; i++) cells[i] = new Cell(upvalues[i]);
        }
        if (f.capturesCount != (cells == null ? 0 : cells.length)) {
            throw new ShapeError(ShapeError.Kind.ArgumentError, "function '" + f.name + "' captures " + f.capturesCount
                    + " values, " + (cells == null ? 0 : cells.length) + " were given");
        }
        return invoke(f, cells, args, true);
    }

    /**
     * Makes {@code f} method {@code name} of {@code type} for this run, as a {@code DEFINE_METHOD} row of
     * {@code __main__} would: a remote call runs a function without {@code __main__}, so the method table
     * it needs arrives with the call (docs/WIRE.md, {@code type_schemas}) and is defined before the call.
     */
    public void defineMethod(String type, String name, FunctionProto f) {
        if (typeMethods == null) typeMethods = new TypeMethods();
        typeMethods.define(type, name, new Closure(f, NO_CELLS));
    }

    /** Everything {@code print} wrote, one line per call. */
    public String output() { return out.toString(); }

    /** Asks the running program to stop; it ends with a Timeout error at its next check. */
    public void cancel() { cancelled = true; }

    public long instructionsExecuted() { return executed; }

    public long memoryPeak() { return memoryPeak; }

    public BytecodeProgram program() { return program; }

    // ---- CallContext ----

    @Override public Object call(Object callable, Object... args) {
        // A builtin that calls back per element (map, filter, sort's comparator...) runs no backward
        // jump of its own: look at the budget and the cancel flag here, once a callback.
        if (stopRequested() || executed > budgets.maxInstructions()) poll(executed);
        if (callable instanceof NativeFunction nf) return nf.call(this, args);
        if (!(callable instanceof Closure c)) throw ShapeError.runtime("cannot call " + Values.typeName(callable));
        if (++nativeNesting > MAX_NATIVE_NESTING) {
            nativeNesting--;
            throw ShapeError.limit("callbacks nested more than " + MAX_NATIVE_NESTING + " deep");
        }
        try {
            // Callbacks may be handed more arguments than they declare (an element and its index).
            Object[] passed = args.length > c.proto.arity ? Arrays.copyOf(args, c.proto.arity) : args;
            return invoke(c.proto, c.cells, passed, false);
        } finally {
            nativeNesting--;
        }
    }

    @Override public void chargeMemory(long bytes) {
        memoryCharged += bytes;
        if (memoryCharged > budgets.maxMemoryBytes()) {
            // A live set held near the budget makes every allocation re-measure it: that walk is work the
            // program caused, so it counts against the instruction budget (about one per 8-byte slot), and
            // the cancel flag is looked at here too, since natives may allocate many times between polls.
            if (stopRequested()) throw cancelledError();
            long live = MemoryMeter.measure(stack, sp, globals) + memoryHeld + bytes;
            meterWork += live / 8;
            if (executed + meterWork > budgets.maxInstructions()) {
                throw ShapeError.limit("instruction budget of " + budgets.maxInstructions()
                        + " exhausted (measuring memory held near its budget counts)");
            }
            memoryPeak = Math.max(memoryPeak, live);
            if (live > budgets.maxMemoryBytes()) {
                throw ShapeError.limit("memory budget of " + budgets.maxMemoryBytes() + " bytes exhausted");
            }
            memoryCharged = live;
        }
        memoryPeak = Math.max(memoryPeak, memoryCharged);
    }

    @Override public void holdMemory(long bytes) {
        chargeMemory(bytes);
        memoryHeld += bytes;
    }

    @Override public void releaseMemory(long bytes) { memoryHeld = Math.max(0, memoryHeld - bytes); }

    @Override public void checkCancelled() {
        if (stopRequested()) throw cancelledError();
    }

    /**
     * A run stops when it is cancelled or when its thread is interrupted: whoever owns the thread (an
     * executor's {@code cancel(true)}, a Fault Tolerance timeout, a server stopping) gets it back at the
     * next check without knowing about the VM. The interrupt flag stays set for the owner to see.
     */
    private boolean stopRequested() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    private static ShapeError cancelledError() {
        return new ShapeError(ShapeError.Kind.Timeout, "the call was cancelled: it ran past its time budget");
    }

    // ---- calls ----

    private Object invoke(FunctionProto f, Cell[] cells, Object[] args, boolean outermost) {
        if (outermost) memoryHeld = 0; // a builder an earlier failed run left behind holds nothing now
        if ((cells == null || cells.length == 0) && args.length == f.arity && hot(f)) {
            try {
                return enterCompiled((CompiledFunction) f.compiled, f, args, executed, executed + CHECK_EVERY);
            } catch (StackOverflowError e) {
                throw ShapeError.limit("calls nested too deeply for the VM's thread");
            }
        }
        int floor = frameCount;
        int savedSp = sp;
        ensureStack(sp + args.length + 1);
        System.arraycopy(args, 0, stack, sp, args.length);
        sp += args.length;
        try {
            pushFrame(f, cells, args.length, false);
            return execute(floor);
        } catch (ShapeError e) {
            frameCount = floor;
            sp = savedSp;
            throw e;
        } catch (StackOverflowError e) {
            frameCount = floor;
            sp = savedSp;
            throw ShapeError.limit("calls nested too deeply for the VM's thread");
        }
    }

    /** Sets up a frame for {@code f} whose {@code argc} arguments are the top of the stack. */
    private void pushFrame(FunctionProto f, Cell[] cells, int argc, boolean calleeSlot) {
        if (argc > f.arity || argc < f.minArity) {
            throw ShapeError.runtime("function '" + f.name + "' expects " + (f.minArity == f.arity ? "" : "at least " + f.minArity + " and at most ")
                    + f.arity + " argument" + (f.arity == 1 ? "" : "s") + ", got " + argc);
        }
        if (frameCount >= budgets.maxCallDepth()) {
            throw ShapeError.limit("call depth budget of " + budgets.maxCallDepth() + " exceeded (unbounded recursion?)");
        }
        int base = sp - argc;
        ensureStack(base + f.localsCount + f.maxStack + 1);
        Object[] st = stack;
        for (int i = argc; i < f.arity; i++) st[base + i] = FunctionProto.MISSING;
        for (int i = f.arity; i < f.localsCount; i++) st[base + i] = null;
        sp = base + f.localsCount;
        enterFrame(f, base, 0, cells, calleeSlot);
    }

    /** Makes the next frame {@code f}'s, at {@code ip}, its locals from {@code base}: what a call and a resumed frame share. */
    private void enterFrame(FunctionProto f, int base, int ip, Cell[] cells, boolean calleeSlot) {
        if (frameCount == frames.length) frames = Arrays.copyOf(frames, frames.length * 2);
        Frame fr = frames[frameCount];
        if (fr == null) fr = frames[frameCount] = new Frame();
        frameCount++;
        fr.proto = f;
        fr.ip = ip;
        fr.base = base;
        fr.cells = cells;
        fr.calleeSlot = calleeSlot;
    }

    private void ensureStack(int needed) {
        if (needed <= stack.length) return;
        int size = Math.max(needed, stack.length * 2);
        chargeMemory(8L * (size - stack.length));
        stack = Arrays.copyOf(stack, size);
    }

    // ---- the loop ----

    /**
     * Runs frames until the frame count falls back to {@code floor}, and returns the value the last
     * of them returned. This is the hot loop: speed beats elegance here, so state lives in locals
     * and is written back only around calls that may re-enter the interpreter.
     */
    private Object execute(int floor) {
        Frame frame = frames[frameCount - 1];
        FunctionProto proto = frame.proto;
        int[] code = proto.code;
        Object[] k = proto.constants;
        Object[] st = stack;
        int ip = frame.ip;
        int base = frame.base;
        int sp = this.sp;
        // Instructions are counted per straight run, not one by one: at each taken jump, call and
        // return, the run from 'mark' to here is added (ordinals give its length). Budgets and the
        // cancel flag are checked on backward jumps and calls, which every loop and recursion passes.
        int[] ord = proto.ordinals;
        int mark = ip;
        long count = executed;
        long nextCheck = count + CHECK_EVERY;
        try {
            for (;;) {
                int jumpTo;
                taken: {
                    switch (code[ip]) {
                        case Op.CONST -> { st[sp++] = k[code[ip + 1]]; ip += 2; }
                        case Op.NONE -> { st[sp++] = Nil.NONE; ip++; }
                        case Op.UNIT -> { st[sp++] = Nil.UNIT; ip++; }
                        case Op.TRUE -> { st[sp++] = Boolean.TRUE; ip++; }
                        case Op.FALSE -> { st[sp++] = Boolean.FALSE; ip++; }
                        case Op.POP -> { sp--; ip++; }
                        case Op.DUP -> { st[sp] = st[sp - 1]; sp++; ip++; }
                        case Op.LOAD_LOCAL -> { st[sp++] = st[base + code[ip + 1]]; ip += 2; }
                        case Op.STORE_LOCAL -> { st[base + code[ip + 1]] = st[--sp]; ip += 2; }
                        case Op.LOAD_CELL -> { st[sp++] = ((Cell) st[base + code[ip + 1]]).value; ip += 2; }
                        case Op.STORE_CELL -> { ((Cell) st[base + code[ip + 1]]).value = st[--sp]; ip += 2; }
                        case Op.NEW_CELL -> { st[base + code[ip + 1]] = new Cell(st[--sp]); ip += 2; }
                        case Op.LOAD_UPVAL -> { st[sp++] = frame.cells[code[ip + 1]].value; ip += 2; }
                        case Op.STORE_UPVAL -> { frame.cells[code[ip + 1]].value = st[--sp]; ip += 2; }
                        case Op.LOAD_GLOBAL -> {
                            Object v = globals[code[ip + 1]];
                            if (v == Undefined.INSTANCE) throw ShapeError.runtime("variable '" + program.globalNames().get(code[ip + 1]) + "' is used before it is defined");
                            st[sp++] = v;
                            ip += 2;
                        }
                        case Op.STORE_GLOBAL -> { globals[code[ip + 1]] = st[--sp]; ip += 2; }
                        case Op.ADD -> {
                            Object b = st[--sp], a = st[sp - 1];
                            st[sp - 1] = plus(a, b, sp + 1);
                            ip++;
                        }
                        case Op.SUB -> {
                            Object b = st[--sp], a = st[sp - 1];
                            st[sp - 1] = a instanceof Long x && b instanceof Long y ? (Object) Arith.subInts(x, y) : minus(a, b, sp + 1);
                            ip++;
                        }
                        case Op.MUL -> {
                            Object b = st[--sp], a = st[sp - 1];
                            if (a instanceof Long x && b instanceof Long y) {
                                st[sp - 1] = Arith.mulInts(x, y);
                            } else {
                                this.sp = sp + 1;
                                st[sp - 1] = Arith.mul(a, b, this);
                            }
                            ip++;
                        }
                        case Op.DIV -> {
                            Object b = st[--sp];
                            this.sp = sp + 1; // an operator method (impl Div) runs Shape code above the operands
                            st[sp - 1] = Arith.div(st[sp - 1], b, this);
                            ip++;
                        }
                        case Op.MOD -> { Object b = st[--sp]; st[sp - 1] = Arith.mod(st[sp - 1], b); ip++; }
                        case Op.NOT -> { st[sp - 1] = !Values.truthy(st[sp - 1]); ip++; }
                        case Op.EQ -> { Object b = st[--sp]; st[sp - 1] = Values.equal(st[sp - 1], b); ip++; }
                        case Op.NE -> { Object b = st[--sp]; st[sp - 1] = !Values.equal(st[sp - 1], b); ip++; }
                        case Op.LT -> {
                            Object b = st[--sp], a = st[sp - 1];
                            st[sp - 1] = a instanceof Long x && b instanceof Long y ? x < y : compare(a, b, "<") < 0;
                            ip++;
                        }
                        case Op.LE -> {
                            Object b = st[--sp], a = st[sp - 1];
                            st[sp - 1] = a instanceof Long x && b instanceof Long y ? x <= y : compare(a, b, "<=") <= 0;
                            ip++;
                        }
                        case Op.GT -> {
                            Object b = st[--sp], a = st[sp - 1];
                            st[sp - 1] = a instanceof Long x && b instanceof Long y ? x > y : compare(a, b, ">") > 0;
                            ip++;
                        }
                        case Op.GE -> {
                            Object b = st[--sp], a = st[sp - 1];
                            st[sp - 1] = a instanceof Long x && b instanceof Long y ? x >= y : compare(a, b, ">=") >= 0;
                            ip++;
                        }
                        case Op.JUMP -> {
                            jumpTo = code[ip + 1];
                            break taken;
                        }
                        case Op.CMP_JUMP -> {
                            Object b = st[--sp], a = st[--sp];
                            if (holds(code[ip + 1], a, b)) {
                                ip += 3;
                            } else {
                                jumpTo = code[ip + 2];
                                break taken;
                            }
                        }
                        case Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> {
                            Object a = st[base + code[ip + 1]];
                            Object b = code[ip] == Op.CMP_LL_JUMP ? st[base + code[ip + 2]] : k[code[ip + 2]];
                            if (holds(code[ip + 3], a, b)) {
                                ip += 5;
                            } else {
                                jumpTo = code[ip + 4];
                                break taken;
                            }
                        }
                        case Op.INC_LOCAL -> {
                            int slot = base + code[ip + 1];
                            Object a = st[slot], b = k[code[ip + 2]];
                            st[slot] = plus(a, b, sp);
                            ip += 3;
                        }
                        case Op.ADD_TO_LOCAL -> {
                            int slot = base + code[ip + 1];
                            Object a = st[slot], b = st[base + code[ip + 2]];
                            st[slot] = plus(a, b, sp);
                            ip += 3;
                        }
                        case Op.LOCAL_ADD_CONST -> {
                            Object a = st[base + code[ip + 1]], b = k[code[ip + 2]];
                            Object sum = plus(a, b, sp);
                            st[sp++] = sum;
                            ip += 3;
                        }
                        case Op.LOCAL_SUB_CONST -> {
                            Object a = st[base + code[ip + 1]], b = k[code[ip + 2]];
                            st[sp++] = a instanceof Long x && b instanceof Long y ? (Object) Arith.subInts(x, y) : Arith.sub(a, b);
                            ip += 3;
                        }
                        case Op.ADD_CONST -> {
                            Object a = st[sp - 1], b = k[code[ip + 1]];
                            st[sp - 1] = plus(a, b, sp);
                            ip += 2;
                        }
                        case Op.SUB_CONST -> {
                            Object a = st[sp - 1], b = k[code[ip + 1]];
                            st[sp - 1] = a instanceof Long x && b instanceof Long y ? (Object) Arith.subInts(x, y) : Arith.sub(a, b);
                            ip += 2;
                        }
                        case Op.JUMP_IF_FALSE -> {
                            Object c = st[--sp];
                            if (c == Boolean.TRUE || c != Boolean.FALSE && Values.truthy(c)) {
                                ip += 2;
                            } else {
                                jumpTo = code[ip + 1];
                                break taken;
                            }
                        }
                        case Op.JUMP_IF_TRUE -> {
                            if (Values.truthy(st[--sp])) {
                                jumpTo = code[ip + 1];
                                break taken;
                            }
                            ip += 2;
                        }
                        case Op.AND, Op.OR -> {
                            // When the left operand decides (false for &&, true for ||), it becomes that bool and
                            // the right one is jumped over; otherwise it is dropped and the right one runs.
                            boolean or = code[ip] == Op.OR;
                            if (Values.truthy(st[sp - 1]) == or) {
                                st[sp - 1] = or;
                                jumpTo = code[ip + 1];
                                break taken;
                            }
                            sp--;
                            ip += 2;
                        }
                        case Op.COALESCE -> {
                            if (st[sp - 1] != Nil.NONE) {
                                jumpTo = code[ip + 1];
                                break taken;
                            }
                            sp--;
                            ip += 2;
                        }
                        case Op.CALL_FN -> {
                            // Direct calls of known functions dominate recursive code: set the frame up inline.
                            FunctionProto target = proto.refs[code[ip + 1]];
                            int argc = code[ip + 2];
                            frame.ip = ip + 3;
                            count += ord[ip] - ord[mark] + 1;
                            if (count >= nextCheck) nextCheck = poll(count);
                            if (argc == target.arity && hot(target)) {
                                this.sp = sp;
                                Object r = enterCompiled((CompiledFunction) target.compiled, target, popArgs(argc), count, nextCheck);
                                count = bridge.executed;
                                nextCheck = bridge.nextCheck;
                                st = stack;
                                sp = this.sp;
                                st[sp++] = r;
                                ip = mark = frame.ip;
                                continue;
                            }
                            if (argc != target.arity || frameCount >= maxCallDepth
                                    || sp + target.localsCount + target.maxStack + 1 > st.length || frameCount == frames.length) {
                                this.sp = sp;
                                pushFrame(target, NO_CELLS, argc, false);
                                st = stack;
                            } else {
                                int newBase = sp - argc;
                                for (int i = argc; i < target.localsCount; i++) st[newBase + i] = null;
                                this.sp = newBase + target.localsCount;
                                Frame fr = frames[frameCount];
                                if (fr == null) fr = frames[frameCount] = new Frame();
                                frameCount++;
                                fr.proto = target;
                                fr.base = newBase;
                                fr.cells = NO_CELLS;
                                fr.calleeSlot = false;
                            }
                            frame = frames[frameCount - 1];
                            proto = target;
                            code = proto.code;
                            k = proto.constants;
                            ord = proto.ordinals;
                            ip = mark = 0;
                            base = frame.base;
                            sp = this.sp;
                        }
                        case Op.CALL, Op.CALL_METHOD -> {
                            int op = code[ip];
                            int argc = code[ip + (op == Op.CALL ? 1 : 2)];
                            frame.ip = ip + (op == Op.CALL ? 2 : 3);
                            count += ord[ip] - ord[mark] + 1;
                            if (count >= nextCheck) nextCheck = poll(count);
                            this.sp = sp;
                            this.executed = count;
                            FunctionProto target;
                            Cell[] cells;
                            boolean calleeSlot;
                            {
                                Object callee = st[sp - argc - 1];
                                if (op == Op.CALL_METHOD) callee = method(callee, proto.strings[code[ip + 1]], argc);
                                if (callee instanceof Closure c) {
                                    target = c.proto;
                                    cells = c.cells;
                                    calleeSlot = true;
                                } else if (callee instanceof TypeMethods.Method m) {
                                    // A method of the receiver's type: the receiver stays in place as its first argument (self).
                                    target = m.proto();
                                    cells = m.closure().cells;
                                    calleeSlot = false;
                                    argc++;
                                } else {
                                    Object result = callNative(callee, argc, op == Op.CALL_METHOD ? proto.strings[code[ip + 1]] : null);
                                    st = stack;
                                    for (int i = sp - argc - 1; i < sp; i++) st[i] = null;
                                    sp = sp - argc - 1;
                                    st[sp++] = result;
                                    ip = mark = frame.ip;
                                    count = this.executed;
                                    continue;
                                }
                            }
                            pushFrame(target, cells, argc, calleeSlot);
                            frame = frames[frameCount - 1];
                            proto = target;
                            code = proto.code;
                            k = proto.constants;
                            ord = proto.ordinals;
                            st = stack;
                            ip = mark = 0;
                            base = frame.base;
                            sp = this.sp;
                        }
                        case Op.RETURN -> {
                            Object result = st[--sp];
                            int newSp = frame.base - (frame.calleeSlot ? 1 : 0);
                            count += ord[ip] - ord[mark] + 1;
                            frameCount--;
                            if (frameCount == floor) {
                                this.sp = newSp;
                                this.executed = count;
                                return result;
                            }
                            frame = frames[frameCount - 1];
                            proto = frame.proto;
                            code = proto.code;
                            k = proto.constants;
                            ord = proto.ordinals;
                            ip = mark = frame.ip;
                            base = frame.base;
                            sp = newSp;
                            st[sp++] = result;
                        }
                        case Op.GET_INDEX -> {
                            Object idx = st[--sp];
                            this.sp = sp;
                            st[sp - 1] = Indexing.get(st[sp - 1], idx, this);
                            ip++;
                        }
                        case Op.ITER_NEXT -> {
                            Object v = ((ShapeIterator) st[sp - 1]).next();
                            if (v == ShapeIterator.DONE) {
                                st[--sp] = null;
                                jumpTo = code[ip + 1];
                                break taken;
                            } else {
                                st[sp++] = v;
                                ip += 2;
                            }
                        }
                        case Op.TRY -> {
                            Object v = st[sp - 1];
                            if (v instanceof OkValue o) { st[sp - 1] = o.value(); ip++; }
                            else if (v instanceof SomeValue s) { st[sp - 1] = s.value(); ip++; }
                            else if (v instanceof ErrValue || v == Nil.NONE) {
                                if (frame.proto == program.entry()) {
                                    throw ShapeError.runtime(v instanceof ErrValue e ? Values.describe(e.value()) : "None propagated by '?'");
                                }
                                // Return the failure from this function: the same steps as RETURN.
                                count += ord[ip] - ord[mark];
                                code = RETURN_ONLY;
                                ord = RETURN_ONLY_ORDINALS;
                                ip = mark = 0;
                            } else {
                                ip++;
                            }
                        }
                        default -> {
                            this.sp = sp;
                            frame.ip = ip;
                            this.executed = count;
                            int next = cold(code, ip, frame);
                            count = this.executed;
                            st = stack;
                            sp = this.sp;
                            if (next != ip + Op.length(code, ip)) { // DEFAULT_ARG jumped over a default
                                jumpTo = next;
                                break taken;
                            }
                            ip = next;
                        }
                    }
                    continue;
                }
                // A taken jump (every jump instruction ends here): the straight run up to it is counted, and a
                // backward jump, which every loop passes, looks at the budgets and the cancel flag.
                count += ord[ip] - ord[mark] + 1;
                if (jumpTo <= ip && count >= nextCheck) {
                    nextCheck = poll(count);
                    if (proto.heat < jitThreshold) {
                        proto.heat += LOOP_HEAT; // a long loop makes its function hot for its next call
                    } else if (compiling && interpretingForCompiled == 0 && sp == base + proto.localsCount
                            && (frame.cells == null || frame.cells.length == 0)) {
                        // ...and, once hot, takes this call over at the loop's header (on-stack replacement).
                        this.sp = sp;
                        Object r = replaceFrame(frame, jumpTo, count, nextCheck);
                        if (r != CompiledFunction.NOT_ENTERED) {
                            // The compiled code ran the call to its end: return its value as RETURN does (and
                            // counts it, which the compiled code did already).
                            count = bridge.executed - 1;
                            nextCheck = bridge.nextCheck;
                            st = stack;
                            sp = this.sp;
                            st[sp++] = r;
                            code = RETURN_ONLY;
                            ord = RETURN_ONLY_ORDINALS;
                            ip = mark = 0;
                            continue;
                        }
                    }
                }
                ip = mark = jumpTo;
            }
        } catch (ShapeError e) {
            executed = Math.max(executed, count);
            throw locate(e, frame, ip);
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ArithmeticException | IllegalArgumentException | UnsupportedOperationException e) {
            throw locate(ShapeError.runtime("operation not supported on these values"), frame, ip);
        } catch (OutOfMemoryError e) {
            throw locate(ShapeError.limit("the JVM ran out of memory for this run"), frame, ip);
        }
    }


    /**
     * The instructions that are not on the hot path (building values, patterns, conversions): kept
     * out of {@link #execute} so the JIT can keep that loop small. Works on {@code this.sp} and
     * returns the next instruction index.
     */
    private int cold(int[] code, int ip, Frame frame) {
        Object[] st = stack;
        int sp = this.sp;
        FunctionProto proto = frame.proto;
        int base = frame.base;
        switch (code[ip]) {
                case Op.LOAD_FN -> { st[sp++] = new Closure(proto.refs[code[ip + 1]], NO_CELLS); ip += 2; }
                case Op.CLOSURE -> {
                    int n = code[ip + 2];
                    Cell[] cells = new Cell[n];
                    for (int i = 0; i < n; i++) {
                        int idx = code[ip + 4 + 2 * i];
                        cells[i] = code[ip + 3 + 2 * i] == 1 ? (Cell) st[base + idx] : frame.cells[idx];
                    }
                    st[sp++] = new Closure(proto.refs[code[ip + 1]], cells);
                    ip += 3 + 2 * n;
                }
                case Op.LOAD_NATIVE -> { st[sp++] = nativeNamed(proto.strings[code[ip + 1]]); ip += 2; }
                case Op.POW -> { Object b = st[--sp]; st[sp - 1] = Arith.pow(st[sp - 1], b); ip++; }
                case Op.NEG -> { st[sp - 1] = Arith.neg(st[sp - 1], this); ip++; }
                case Op.BIT_AND -> { Object b = st[--sp]; st[sp - 1] = Arith.bits("&", st[sp - 1], b); ip++; }
                case Op.BIT_OR -> { Object b = st[--sp]; st[sp - 1] = Arith.bits("|", st[sp - 1], b); ip++; }
                case Op.BIT_XOR -> { Object b = st[--sp]; st[sp - 1] = Arith.bits("^", st[sp - 1], b); ip++; }
                case Op.SHL -> { Object b = st[--sp]; st[sp - 1] = Arith.bits("<<", st[sp - 1], b); ip++; }
                case Op.SHR -> { Object b = st[--sp]; st[sp - 1] = Arith.bits(">>", st[sp - 1], b); ip++; }
                case Op.BIT_NOT -> {
                    if (!(st[sp - 1] instanceof Long x)) throw ShapeError.runtime("cannot apply '~' to " + Values.typeName(st[sp - 1]));
                    st[sp - 1] = ~x;
                    ip++;
                }
                case Op.ARRAY -> {
                    this.sp = sp;
                    sp = array(code[ip + 1]);
                    ip += 2;
                }
                case Op.ARRAY_PUSH -> {
                    Object v = st[--sp];
                    ((ArrayValue) st[sp - 1]).items.add(v);
                    this.sp = sp;
                    chargeMemory(8);
                    ip++;
                }
                case Op.ARRAY_EXTEND -> {
                    Object v = st[--sp];
                    ArrayValue target = (ArrayValue) st[sp - 1];
                    ShapeIterator it = ShapeIterator.over(v);
                    this.sp = sp;
                    for (Object x = it.next(); x != ShapeIterator.DONE; x = it.next()) {
                        chargeMemory(8);
                        target.items.add(x);
                    }
                    ip++;
                }
                case Op.OBJECT -> { st[sp++] = new ObjectValue(); ip++; }
                case Op.STRUCT -> { st[sp++] = new ObjectValue(new LinkedHashMap<>(), proto.strings[code[ip + 1]]); ip += 2; }
                case Op.DEFINE_METHOD -> {
                    if (typeMethods == null) typeMethods = new TypeMethods();
                    typeMethods.define(proto.strings[code[ip + 2]], proto.strings[code[ip + 3]], new Closure(proto.refs[code[ip + 1]], NO_CELLS));
                    ip += 4;
                }
                case Op.OBJECT_SET -> {
                    Object v = st[--sp];
                    ((ObjectValue) st[sp - 1]).fields.put(proto.strings[code[ip + 1]], v);
                    this.sp = sp;
                    chargeMemory(40);
                    ip += 2;
                }
                case Op.OBJECT_SPREAD -> {
                    Object v = st[--sp];
                    if (v instanceof ObjectValue o) ((ObjectValue) st[sp - 1]).fields.putAll(o.fields);
                    else if (v != Nil.NONE) throw ShapeError.runtime("cannot spread " + Values.typeName(v) + " into an object");
                    ip++;
                }
                case Op.GET_FIELD -> { st[sp - 1] = getField(st[sp - 1], proto.strings[code[ip + 1]]); ip += 2; }
                case Op.GET_FIELD_OPT -> {
                    if (st[sp - 1] != Nil.NONE) st[sp - 1] = getField(st[sp - 1], proto.strings[code[ip + 1]]);
                    ip += 2;
                }
                case Op.SET_FIELD -> {
                    Object v = st[--sp];
                    if (!(st[sp - 1] instanceof ObjectValue o)) throw ShapeError.runtime("cannot set field '" + proto.strings[code[ip + 1]] + "' on " + Values.typeName(st[sp - 1]));
                    o.fields.put(proto.strings[code[ip + 1]], v);
                    st[sp - 1] = v;
                    ip += 2;
                }
                case Op.SET_INDEX -> {
                    Object v = st[--sp];
                    Object idx = st[--sp];
                    Indexing.set(st[sp - 1], idx, v);
                    st[sp - 1] = v;
                    ip++;
                }
                case Op.RANGE -> {
                    int flags = code[ip + 1];
                    Object end = (flags & 2) != 0 ? st[--sp] : null;
                    Object start = (flags & 1) != 0 ? st[--sp] : null;
                    if (start != null && !Values.isNumeric(start) || end != null && !Values.isNumeric(end)) {
                        throw ShapeError.runtime("a range needs numbers, got " + Values.typeName(start) + " and " + Values.typeName(end));
                    }
                    st[sp++] = new RangeValue(start, end, (flags & 4) != 0);
                    ip += 2;
                }
                case Op.ITER -> { st[sp - 1] = ShapeIterator.over(st[sp - 1]); ip++; }
                case Op.ENUM -> {
                    int n = code[ip + 3];
                    Object[] payload = Arrays.copyOfRange(st, sp - n, sp);
                    for (int i = sp - n; i < sp; i++) st[i] = null;
                    sp -= n;
                    st[sp++] = new EnumValue(proto.strings[code[ip + 1]], proto.strings[code[ip + 2]], payload);
                    ip += 4;
                }
                case Op.IS_VARIANT -> { st[sp - 1] = Patterns.isVariant(st[sp - 1], proto.strings[code[ip + 1]]); ip += 2; }
                case Op.PAYLOAD -> { st[sp - 1] = Patterns.payload(st[sp - 1], code[ip + 1]); ip += 2; }
                case Op.IS_TYPE -> { st[sp - 1] = Types.is(st[sp - 1], proto.strings[code[ip + 1]]); ip += 2; }
                case Op.CAST -> { st[sp - 1] = Types.cast(st[sp - 1], proto.strings[code[ip + 1]], this); ip += 2; }
                case Op.LEN_AT_LEAST -> {
                    Object v = st[sp - 1];
                    int n = code[ip + 1];
                    st[sp - 1] = v instanceof ArrayValue a && (code[ip + 2] == 1 ? a.size() == n : a.size() >= n);
                    ip += 3;
                }
                case Op.SLICE_FROM -> {
                    List<Object> items = ((ArrayValue) st[sp - 1]).items;
                    int from = Math.min(code[ip + 1], items.size());
                    st[sp - 1] = new ArrayValue(new ArrayList<>(items.subList(from, items.size())));
                    ip += 2;
                }
                case Op.HAS_FIELD -> {
                    st[sp - 1] = st[sp - 1] instanceof ObjectValue o && o.fields.containsKey(proto.strings[code[ip + 1]]);
                    ip += 2;
                }
                case Op.WITHOUT_FIELDS -> {
                    int n = code[ip + 1];
                    if (!(st[sp - 1] instanceof ObjectValue o)) throw ShapeError.runtime("cannot destructure " + Values.typeName(st[sp - 1]) + " as an object");
                    LinkedHashMap<String, Object> rest = new LinkedHashMap<>(o.fields);
                    for (int i = 0; i < n; i++) rest.remove(proto.strings[code[ip + 2 + i]]);
                    st[sp - 1] = new ObjectValue(rest);
                    ip += 2 + n;
                }
                case Op.FSTRING -> {
                    this.sp = sp; // the parts stay on the stack while they are formatted, so the meter sees them
                    sp = formatString(code[ip + 1]);
                    ip += 2;
                }
                case Op.DEFAULT_ARG -> ip = st[base + code[ip + 1]] != FunctionProto.MISSING ? code[ip + 2] : ip + 3;
                case Op.MATCH_FAIL -> throw ShapeError.runtime("no pattern matched the value");
                case Op.IS_NONE -> { st[sp - 1] = st[sp - 1] == Nil.NONE; ip++; }
                case Op.UNWRAP_SOME -> { st[sp - 1] = Patterns.unwrapSome(st[sp - 1]); ip++; }
            default -> throw ShapeError.runtime("unknown instruction " + code[ip]);
        }
        this.sp = sp;
        return ip;
    }

    /** Replaces the top {@code n} values of the stack (at {@code this.sp}) by an array of them; returns the new top. */
    private int array(int n) {
        Object[] st = stack;
        int sp = this.sp;
        chargeMemory(8L * n + 32);
        ArrayList<Object> items = new ArrayList<>(Math.max(n, 4));
        for (int i = sp - n; i < sp; i++) { items.add(st[i]); st[i] = null; }
        sp -= n;
        st[sp++] = new ArrayValue(items);
        return sp;
    }

    /** Replaces the top {@code n} values of the stack (at {@code this.sp}) by their printed forms joined; returns the new top. */
    private int formatString(int n) {
        Object[] st = stack;
        int sp = this.sp;
        TextBuilder sb = TextBuilder.string(this);
        try {
            for (int i = sp - n; i < sp; i++) Values.display(sb, st[i]);
            chargeMemory(40);
            String s = sb.finish();
            for (int i = sp - n; i < sp; i++) st[i] = null;
            sp -= n;
            st[sp++] = s;
            return sp;
        } finally {
            sb.release();
        }
    }

    private static final Cell[] NO_CELLS = new Cell[0];

    // ---- compiled code ----

    /** Compiled calls nested in one another before further calls are interpreted (compiled frames use the Java stack). */
    private static final int COMPILED_NESTING = 200;

    /** Heat a loop adds at each budget check ({@link #CHECK_EVERY} instructions). */
    private static final int LOOP_HEAT = 100;

    /** Whether {@code f} runs compiled: compiles it when it has just become hot. Kept small: it is on the call path. */
    private boolean hot(FunctionProto f) {
        // Inside a frame run for compiled code, everything stays in this loop: compiled and interpreted
        // frames alternating on the Java stack would overflow it long before the depth budget.
        if (!compiling || interpretingForCompiled > 0) return false;
        Object c = f.compiled;
        return c instanceof CompiledFunction || c == null && ++f.heat >= jitThreshold && Jit.compile(f) != null;
    }

    /** Takes the top {@code argc} values off the stack (at {@code this.sp}). */
    private Object[] popArgs(int argc) {
        Object[] args = Arrays.copyOfRange(stack, sp - argc, sp);
        Arrays.fill(stack, sp - argc, sp, null);
        sp -= argc;
        return args;
    }

    /** Runs compiled {@code f} as a call from the current frame, counting from {@code count}. */
    private Object enterCompiled(CompiledFunction c, FunctionProto f, Object[] args, long count, long nextCheck) {
        if (frameCount >= budgets.maxCallDepth()) {
            throw ShapeError.limit("call depth budget of " + budgets.maxCallDepth() + " exceeded (unbounded recursion?)");
        }
        int savedDepth = bridge.depth, savedLimit = bridge.depthLimit;
        bridge.executed = count;
        bridge.nextCheck = nextCheck;
        bridge.depth = frameCount + 1;
        bridge.depthLimit = Math.min(budgets.maxCallDepth(), bridge.depth + COMPILED_NESTING);
        try {
            return c.call(bridge, f, args);
        } finally {
            bridge.depth = savedDepth;
            bridge.depthLimit = savedLimit;
            executed = Math.max(executed, bridge.executed);
        }
    }

    /**
     * On-stack replacement: the rest of {@code frame}, the innermost frame, runs compiled from the loop header
     * {@code ip}, counting from {@code count}; its value, or {@link CompiledFunction#NOT_ENTERED} when nothing ran.
     * The frame stays in place while the compiled code runs (a deoptimisation resumes above it).
     */
    private Object replaceFrame(Frame frame, int ip, long count, long nextCheck) {
        FunctionProto f = frame.proto;
        CompiledFunction c = Jit.compile(f);
        if (c == null) return CompiledFunction.NOT_ENTERED;
        Object[] locals = Arrays.copyOfRange(stack, frame.base, frame.base + f.localsCount);
        int savedDepth = bridge.depth, savedLimit = bridge.depthLimit;
        bridge.executed = count;
        bridge.nextCheck = nextCheck;
        bridge.depth = frameCount;
        bridge.depthLimit = Math.min(budgets.maxCallDepth(), frameCount + COMPILED_NESTING);
        try {
            return c.enterLoop(bridge, f, locals, ip);
        } catch (StackOverflowError e) {
            throw ShapeError.limit("calls nested too deeply for the VM's thread");
        } finally {
            bridge.depth = savedDepth;
            bridge.depthLimit = savedLimit;
            executed = Math.max(executed, bridge.executed);
        }
    }

    /**
     * Runs {@code f} in this loop from compiled code: a call ({@code ip < 0}, {@code values} its arguments) or a
     * deoptimised frame resumed at {@code ip} ({@code values} its locals, then operands). The compiled frames
     * below count as frames, so depth budgets see them.
     */
    private Object interpretFromCompiled(FunctionProto f, Object[] values, int ip) {
        int floor = frameCount, savedSp = sp;
        interpretingForCompiled++;
        try {
            while (frameCount < bridge.depth - 1) {
                if (frameCount == frames.length) frames = Arrays.copyOf(frames, frames.length * 2);
                if (frames[frameCount] == null) frames[frameCount] = new Frame();
                frameCount++;
            }
            int innerFloor = frameCount;
            ensureStack(sp + values.length + f.localsCount + f.maxStack + 1);
            System.arraycopy(values, 0, stack, sp, values.length);
            if (ip < 0) {
                sp += values.length;
                pushFrame(f, NO_CELLS, values.length, false);
            } else {
                // Not pushFrame: the frame's locals and operands are all there already, and its checks were made when it was called.
                int base = sp;
                sp += values.length;
                enterFrame(f, base, ip, NO_CELLS, false);
            }
            executed = bridge.executed;
            Object result = execute(innerFloor);
            bridge.executed = executed;
            return result;
        } finally {
            interpretingForCompiled--;
            Arrays.fill(stack, savedSp, Math.max(savedSp, sp), null);
            frameCount = floor;
            sp = savedSp;
        }
    }

    /** What compiled code sees of this run: the same count, budgets, cancel flag and depth as the loop. */
    private final class Bridge extends JitContext {
        Bridge() { super(budgets.maxCallDepth()); }

        @Override public void poll(long count, FunctionProto self, int ip) {
            try {
                nextCheck = Interpreter.this.poll(count);
                executed = count;
            } catch (ShapeError e) {
                throw e.at(self.name, self.lineAt(ip));
            }
        }

        @Override public Object callFunction(FunctionProto self, int ip, int ref, Object[] args) {
            FunctionProto target = self.refs[ref];
            if (hot(target)) return ((CompiledFunction) target.compiled).call(this, target, args);
            return interpretFromCompiled(target, args, -1);
        }

        @Override public Object callDeep(FunctionProto self, int ip, int ref, Object[] args) {
            if (depth >= maxDepth) throw depthExceeded(self, ip);
            depth++;
            try {
                return interpretFromCompiled(self.refs[ref], args, -1);
            } finally {
                depth--;
            }
        }

        @Override public Object resume(FunctionProto self, Object[] frame, int ip) {
            return interpretFromCompiled(self, frame, ip);
        }
    }
    /** Code that returns the top of the stack; TRY jumps here to return a failure. */
    private static final int[] RETURN_ONLY = {Op.RETURN};
    private static final int[] RETURN_ONLY_ORDINALS = {0};

    /** Flushes the instruction count, checks the budget and the cancel flag; returns the count of the next check. */
    private long poll(long count) {
        executed = count;
        if (stopRequested()) throw cancelledError();
        if (count + meterWork > budgets.maxInstructions()) {
            throw ShapeError.limit("instruction budget of " + budgets.maxInstructions() + " exhausted");
        }
        return count + CHECK_EVERY;
    }

    private ShapeError locate(ShapeError e, Frame frame, int ip) {
        if (e.located() || frame.proto == null) return e;
        int line = frame.proto.code == null ? 0 : frame.proto.lineAt(Math.min(ip, frame.proto.code.length - 1));
        return e.at(frame.proto.name, line);
    }

    /** {@code a - b} when they are not two ints; {@code sp} covers both operands, for an operator method's frame. */
    private Object minus(Object a, Object b, int sp) {
        this.sp = sp;
        return Arith.sub(a, b, this);
    }

    /** {@code a + b} with the int fast path inline; anything else (overflow, numbers, strings) goes to {@link Arith}. */
    private Object plus(Object a, Object b, int sp) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            if (((x ^ r) & (y ^ r)) >= 0) return r;
        }
        this.sp = sp; // Arith may charge memory, which measures the live stack
        return Arith.add(a, b, this);
    }

    /** Whether comparison {@code kind} holds between {@code a} and {@code b}, with ints compared inline. */
    private boolean holds(int kind, Object a, Object b) {
        return a instanceof Long x && b instanceof Long y ? compareLongs(kind, x, y) : compareHolds(kind, a, b);
    }

    /** Comparison {@code kind} (0 {@code <}, 1 {@code <=}, 2 {@code >}, 3 {@code >=}, 4 {@code ==}, 5 {@code !=}) of two ints. */
    private static boolean compareLongs(int kind, long l, long r) {
        return switch (kind) {
            case 0 -> l < r;
            case 1 -> l <= r;
            case 2 -> l > r;
            case 3 -> l >= r;
            case 4 -> l == r;
            default -> l != r;
        };
    }

    private boolean compareHolds(int kind, Object a, Object b) {
        return switch (kind) {
            case 0 -> compare(a, b, "<") < 0;
            case 1 -> compare(a, b, "<=") <= 0;
            case 2 -> compare(a, b, ">") > 0;
            case 3 -> compare(a, b, ">=") >= 0;
            case 4 -> Values.equal(a, b);
            default -> !Values.equal(a, b);
        };
    }

    private int compare(Object a, Object b, String op) {
        try {
            return Values.compare(a, b);
        } catch (ShapeError e) {
            throw ShapeError.runtime("cannot apply '" + op + "' to " + Values.typeName(a) + " and " + Values.typeName(b));
        }
    }

    // ---- fields, methods and natives ----

    private Object getField(Object receiver, String name) {
        if (receiver instanceof ObjectValue o) {
            Object v = o.fields.get(name);
            if (v != null || o.fields.containsKey(name)) return v;
            throw ShapeError.runtime("object has no field '" + name + "'");
        }
        return Methods.getField(receiver, name);
    }

    /**
     * The callable a method call runs: a closure stored in an object's field, a method of the receiver's type
     * ({@link TypeMethods.Method}, from impl and extend blocks), or the receiver's builtin method.
     */
    private Object method(Object receiver, String name, int argc) {
        if (receiver instanceof ObjectValue o) {
            Object v = o.fields.get(name);
            if (v instanceof Closure || v instanceof NativeFunction) {
                stack[sp - argc - 1] = v; // the field's function replaces the receiver
                return v;
            }
        }
        if (typeMethods != null) {
            TypeMethods.Method m = typeMethods.find(receiver, name);
            if (m != null) return m;
        }
        return BuiltinMethod.INSTANCE;
    }

    @Override public Object userMethod(Object receiver, String name) {
        TypeMethods.Method m = typeMethods == null ? null : typeMethods.find(receiver, name);
        return m == null ? null : m.closure();
    }

    /** Marks a method call that goes to the receiver's builtin methods. */
    private enum BuiltinMethod { INSTANCE }

    private Object callNative(Object callee, int argc, String methodName) {
        Object[] args = Arrays.copyOfRange(stack, sp - argc, sp);
        if (callee == BuiltinMethod.INSTANCE) return Methods.call(this, stack[sp - argc - 1], methodName, args);
        if (callee instanceof NativeFunction nf) return nf.call(this, args);
        throw ShapeError.runtime("cannot call " + Values.typeName(callee));
    }

    private Object nativeNamed(String name) {
        Object f = natives.get(name);
        if (f != null) return f;
        f = name.equals("print") ? new Print() : Intrinsics.lookup(name);
        if (f == null) f = Globals.lookup(name);
        if (f == null) throw ShapeError.runtime("Undefined variable '" + name + "'");
        natives.put(name, f);
        return f;
    }

    /** {@code print(a, b, ...)}: writes its arguments separated by spaces, then a newline. */
    private final class Print implements NativeFunction {
        @Override public String name() { return "print"; }

        @Override public String toString() { return "<fn print>"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            // The line may use what is left of the output budget, and no more: formatting stops there.
            TextBuilder line = TextBuilder.metered(ctx, budgets.maxOutputBytes() - out.length(),
                    "output budget of " + budgets.maxOutputBytes() + " bytes exhausted; print less, or return the value instead");
            try {
                for (int i = 0; i < args.length; i++) {
                    if (i > 0) line.append(' ');
                    Values.display(line, args[i]);
                }
                line.append('\n');
                out.append(line.finish());
            } finally {
                line.release();
            }
            return Nil.UNIT;
        }
    }
}
