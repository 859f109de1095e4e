package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Op;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.objectweb.asm.Opcodes.*;

/**
 * Writes the JVM class of one function: an entry {@code call} and one variant. A function with
 * parameters gets a variant for int arguments, in which ints are {@code long}s; arguments of other
 * types go to a second class with the generic variant (arguments of any type), written the first time
 * such a call comes. Operands and locals live in JVM locals (one per depth and kind), so at any
 * instruction the whole Shape frame can be rebuilt: when a guard fails (a type the variant does not
 * handle, an overflow, a division by zero) the frame goes back to the interpreter at that
 * instruction, which runs it exactly as it always does: the same value, or the same error at the
 * same line. Instructions are counted per straight run as the interpreter does; budgets and the
 * cancel flag are polled at backward jumps and calls.
 */
final class ClassEmitter {
    static final String OWNER = "dev/shaperemote/vm/jit/Compiled";
    private static final String CTX = Type.getInternalName(JitContext.class);
    private static final String PROTO = Type.getInternalName(FunctionProto.class);
    private static final String OPS = Type.getInternalName(JitOps.class);
    private static final String CTX_D = "L" + CTX + ";";
    private static final String PROTO_D = "L" + PROTO + ";";

    private final FunctionProto f;
    /** Types of the int variant, or null when the class has none. */
    private final FrameTypes intTypes;
    /** Types of the generic variant, or null when the class has none (exactly one of the two is set). */
    private final FrameTypes anyTypes;

    /** Whether this is a loop-entry class ({@link #emitLoops}): its variant starts at a loop header, from a frame. */
    private final boolean loops;

    private ClassEmitter(FunctionProto f, FrameTypes intTypes, FrameTypes anyTypes) {
        this(f, intTypes, anyTypes, false);
    }

    private ClassEmitter(FunctionProto f, FrameTypes intTypes, FrameTypes anyTypes, boolean loops) {
        this.f = f;
        this.intTypes = intTypes;
        this.anyTypes = anyTypes;
        this.loops = loops;
    }

    /**
     * The class file for {@code f}; {@link Refused} when the compiler does not handle it. A function with
     * parameters gets its int variant only: arguments that are not all ints go to {@link #emitGeneric}'s
     * class, made when first needed, so the common case pays for one variant, not two.
     */
    static byte[] emit(FunctionProto f) throws Refused {
        check(f);
        if (f.arity == 0) return emitGeneric(f);
        Kind[] ints = new Kind[f.arity];
        Arrays.fill(ints, Kind.INT);
        // Optimistic: a self call returns an int; if some return is not one, the variant returns any value.
        FrameTypes intTypes = FrameTypes.of(f, ints, Kind.INT);
        if (intTypes.returns != Kind.INT) intTypes = FrameTypes.of(f, ints, Kind.ANY);
        return new ClassEmitter(f, intTypes, null).write();
    }

    /** The class file of {@code f}'s generic variant alone (arguments of any type). */
    static byte[] emitGeneric(FunctionProto f) throws Refused {
        check(f);
        Kind[] anys = new Kind[f.arity];
        Arrays.fill(anys, Kind.ANY);
        return new ClassEmitter(f, null, FrameTypes.of(f, anys, null)).write();
    }

    /**
     * The loop-entry class of {@code f} (on-stack replacement): its {@code loop(ctx, self, frame, ip)} takes the
     * frame of a call the interpreter is running, at the header of a loop, and runs the rest of the call compiled.
     * Parameters are typed from that frame ({@code intParams}: int where the frame holds ints); self calls go
     * through the context, since this class has no other variant to call.
     */
    static byte[] emitLoops(FunctionProto f, boolean[] intParams) throws Refused {
        check(f);
        Kind[] params = new Kind[f.arity];
        for (int i = 0; i < f.arity; i++) params[i] = intParams[i] ? Kind.INT : Kind.ANY;
        return new ClassEmitter(f, null, FrameTypes.of(f, params, null), true).write();
    }

    private static final String LOOP_DESC = "(" + CTX_D + PROTO_D + "[Ljava/lang/Object;I)Ljava/lang/Object;";

    private static void check(FunctionProto f) throws Refused {
        if (f.capturesCount != 0 || f.isClosure || f.minArity != f.arity) throw new Refused("closures and defaults are interpreted");
        if (f.code == null || f.code.length == 0 || f.ordinals == null) throw new Refused("no code");
    }

    private Kind intReturn() { return intTypes != null && intTypes.returns == Kind.INT ? Kind.INT : Kind.ANY; }

    private String intDesc() {
        return "(" + CTX_D + PROTO_D + "J".repeat(f.arity) + ")" + (intReturn() == Kind.INT ? "J" : "Ljava/lang/Object;");
    }

    private String anyDesc() { return "(" + CTX_D + PROTO_D + "Ljava/lang/Object;".repeat(f.arity) + ")Ljava/lang/Object;"; }

    private byte[] write() throws Refused {
        // Frames and maxima are written here, not computed by ASM: every JVM local has one type for a whole
        // method (see Variant), so every frame is known without ASM's data flow analysis over each method,
        // about a quarter of the time spent writing the class when it ran.
        ClassWriter cw = new ClassWriter(0);
        String sup = Type.getInternalName(CompiledFunction.class);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, OWNER, null, sup, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, sup, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
        if (loops) {
            writeLoopEntry(cw);
            new Variant(cw, anyTypes, false, true).write();
        } else {
            writeEntry(cw);
            if (intTypes != null) new Variant(cw, intTypes, true, false).write();
            else new Variant(cw, anyTypes, false, false).write();
        }
        cw.visitEnd();
        try {
            return cw.toByteArray();
        } catch (RuntimeException e) { // MethodTooLargeException and friends
            throw new Refused("class not writable: " + e.getMessage());
        }
    }

    /**
     * {@code call(ctx, self, args)}: the int variant when every argument is an int, else the generic class
     * ({@link CompiledFunction#callGeneric}); in a generic class, the generic variant.
     */
    private void writeEntry(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "call", "(" + CTX_D + PROTO_D + "[Ljava/lang/Object;)Ljava/lang/Object;", null, null);
        mv.visitCode();
        if (intTypes == null) {
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            loadArgs(mv, false);
            mv.visitMethodInsn(INVOKESTATIC, OWNER, "any", anyDesc(), false);
            mv.visitInsn(ARETURN);
        } else {
            Label generic = new Label();
            for (int i = 0; i < f.arity; i++) {
                mv.visitVarInsn(ALOAD, 3);
                pushInt(mv, i);
                mv.visitInsn(AALOAD);
                mv.visitTypeInsn(INSTANCEOF, "java/lang/Long");
                mv.visitJumpInsn(IFEQ, generic);
            }
            Label start = new Label(), end = new Label(), handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, Type.getInternalName(JitReturn.class));
            mv.visitLabel(start);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            loadArgs(mv, true);
            mv.visitMethodInsn(INVOKESTATIC, OWNER, "ints", intDesc(), false);
            mv.visitLabel(end);
            if (intReturn() == Kind.INT) box(mv, Kind.INT);
            mv.visitInsn(ARETURN);
            Object[] locals = {OWNER, CTX, PROTO, "[Ljava/lang/Object;"};
            mv.visitLabel(handler);
            mv.visitFrame(F_NEW, locals.length, locals, 1, new Object[] {Type.getInternalName(JitReturn.class)});
            mv.visitFieldInsn(GETFIELD, Type.getInternalName(JitReturn.class), "value", "Ljava/lang/Object;");
            mv.visitInsn(ARETURN);
            mv.visitLabel(generic);
            mv.visitFrame(F_NEW, locals.length, locals, 0, new Object[0]);
            for (int v = 0; v <= 3; v++) mv.visitVarInsn(ALOAD, v);
            mv.visitMethodInsn(INVOKEVIRTUAL, OWNER, "callGeneric", "(" + CTX_D + PROTO_D + "[Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitInsn(ARETURN);
        }
        mv.visitMaxs(4 + 2 * f.arity, 4); // the arguments as longs, plus the array and an index
        mv.visitEnd();
    }

    /**
     * A loop-entry class's two methods: {@code loop}, which runs the static {@code osr} variant, and {@code call},
     * which no caller uses (calls get the function's own class) and hands over to the generic class.
     */
    private void writeLoopEntry(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "loop", LOOP_DESC, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitVarInsn(ALOAD, 3);
        mv.visitVarInsn(ILOAD, 4);
        mv.visitMethodInsn(INVOKESTATIC, OWNER, "osr", LOOP_DESC, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(4, 5);
        mv.visitEnd();
        String callDesc = "(" + CTX_D + PROTO_D + "[Ljava/lang/Object;)Ljava/lang/Object;";
        mv = cw.visitMethod(ACC_PUBLIC, "call", callDesc, null, null);
        mv.visitCode();
        for (int v = 0; v <= 3; v++) mv.visitVarInsn(ALOAD, v);
        mv.visitMethodInsn(INVOKEVIRTUAL, OWNER, "callGeneric", callDesc, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(4, 4);
        mv.visitEnd();
    }

    /** Pushes the {@code args} array's elements (local 3) as the variant's parameters: {@code long}s when {@code unboxed}, else as they are. */
    private void loadArgs(MethodVisitor mv, boolean unboxed) {
        for (int i = 0; i < f.arity; i++) {
            mv.visitVarInsn(ALOAD, 3);
            pushInt(mv, i);
            mv.visitInsn(AALOAD);
            if (unboxed) {
                mv.visitTypeInsn(CHECKCAST, "java/lang/Long");
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false);
            }
        }
    }

    /** A frame to hand back to the interpreter: resume at {@code ip} with these operand kinds, {@code pending} instructions of the run not yet counted. */
    private record Deopt(int ip, Kind[] stack, int pending, Label label) {}

    /** One variant: a static method whose body is the function's code. */
    private final class Variant {
        private final ClassWriter cw;
        private final FrameTypes t;
        private final boolean ints;
        /** The loop-entry variant: it starts from a frame at a loop header (see {@link #emitLoops}). */
        private final boolean osr;
        private final Kind ret;
        private MethodVisitor mv;
        private static final int CTX_VAR = 0, SELF_VAR = 1;
        private int cntVar;
        private int[] localVar;
        /** JVM local of each operand depth and kind. */
        private int[][] stackVar;
        private int tmpInt;
        private int nextVar;
        /** Each JVM local's type as a frame names it, in slot order (a long or double once for its two slots). */
        private final List<Object> frameLocals = new ArrayList<>();
        private Object[] frameLocalsArray;
        /** Where the last frame was written: two labels at one offset get one frame. */
        private int lastFrameOffset = -1, lastFrameStack;
        private int operandsVar, frameVar;
        private final Label[] labels;
        private final boolean[] isTarget;
        private final List<Deopt> deopts = new ArrayList<>();
        private final Map<Integer, Deopt> deoptAt = new HashMap<>();
        /** Instructions of the current straight run not yet added to the count. */
        private int pending;

        Variant(ClassWriter cw, FrameTypes t, boolean ints, boolean osr) {
            this.cw = cw;
            this.t = t;
            this.ints = ints;
            this.osr = osr;
            this.ret = ints ? intReturn() : Kind.ANY;
            this.labels = new Label[f.code.length];
            this.isTarget = new boolean[f.code.length];
        }

        void write() throws Refused {
            int[] code = f.code;
            for (int ip = 0; ip < code.length; ip += Op.length(code, ip)) {
                if (t.stackAt[ip] == null) continue;
                int target = jumpTarget(code, ip);
                if (target >= 0) { isTarget[target] = true; labels[target] = new Label(); }
            }
            mv = cw.visitMethod(ACC_STATIC | ACC_PRIVATE, osr ? "osr" : ints ? "ints" : "any",
                    osr ? LOOP_DESC : ints ? intDesc() : anyDesc(), null, null);
            mv.visitCode();
            // Every JVM local is allocated here and set before the first instruction, and keeps its type to the
            // end: so every frame has the same locals, known before the code is written.
            nextVar = 0;
            frameLocals.add(CTX);
            nextVar++;
            frameLocals.add(PROTO);
            nextVar++;
            int[] paramVar = new int[osr ? 0 : f.arity];
            for (int i = 0; i < paramVar.length; i++) paramVar[i] = alloc(ints ? Kind.INT : Kind.ANY);
            int entryFrameVar = -1, entryIpVar = -1;
            if (osr) {
                entryFrameVar = alloc(Kind.ANY);
                frameLocals.set(frameLocals.size() - 1, "[Ljava/lang/Object;");
                entryIpVar = alloc(Kind.BOOL);
            }
            cntVar = alloc(Kind.INT);
            tmpInt = alloc(Kind.BOOL);
            localVar = new int[f.localsCount];
            for (int i = 0; i < f.localsCount; i++) localVar[i] = alloc(t.locals[i]);
            int firstStackVar = nextVar;
            stackVar = new int[f.maxStack + 4][4];
            for (int[] depth : stackVar) for (Kind k : Kind.values()) depth[k.ordinal()] = alloc(k);
            operandsVar = alloc(Kind.ANY);
            frameVar = alloc(Kind.ANY);
            // the two arrays the exits build: the verifier must know them as arrays for arraylength and aastore
            frameLocals.set(frameLocals.size() - 2, "[Ljava/lang/Object;");
            frameLocals.set(frameLocals.size() - 1, "[Ljava/lang/Object;");
            frameLocalsArray = frameLocals.toArray();

            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitFieldInsn(GETFIELD, CTX, "executed", "J");
            mv.visitVarInsn(LSTORE, cntVar);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, tmpInt);
            for (int v = firstStackVar, i = paramVar.length + (osr ? 2 : 0) + 4 + f.localsCount; i < frameLocalsArray.length; i++) {
                Kind k = kindOf(frameLocalsArray[i]);
                zero(k);
                store(k, v);
                v += k == Kind.INT || k == Kind.NUM ? 2 : 1;
            }
            for (int i = 0; i < f.localsCount; i++) {
                Kind k = t.locals[i];
                if (i < paramVar.length) {
                    Kind from = ints ? Kind.INT : Kind.ANY;
                    load(from, paramVar[i]);
                    convert(from, k);
                } else {
                    zero(k);
                }
                store(k, localVar[i]);
            }
            if (osr) enterAtLoop(entryFrameVar, entryIpVar);
            boolean fallsIn = true;
            for (int ip = 0; ip < code.length; ip += Op.length(code, ip)) {
                Kind[] in = t.stackAt[ip];
                if (in == null) { fallsIn = false; continue; }
                if (isTarget[ip]) {
                    if (fallsIn) flush(0);
                    mark(labels[ip]);
                }
                fallsIn = instruction(ip, in);
                pending++;
                if (fallsIn) {
                    int next = ip + Op.length(code, ip);
                    Kind[] out = t.step(ip, in).next;
                    if (next < code.length && t.stackAt[next] != null) convertStack(out, t.stackAt[next]);
                }
            }
            for (int i = 0; i < deopts.size(); i++) writeDeopt(deopts.get(i));
            if (!deopts.isEmpty()) writeDeoptTail();
            mv.visitMaxs(maxStack(), nextVar);
            mv.visitEnd();
        }

        /**
         * The loop-entry prologue: every local from the frame array, each checked against its kind (an int local
         * must hold an int, and so on), then a jump to the loop header {@code ip} names. A value of another kind,
         * or a place that is no header with an empty operand stack, returns {@link CompiledFunction#NOT_ENTERED}
         * before anything has run, and the interpreter goes on. The function's own start follows, unreachable here.
         */
        private void enterAtLoop(int frameVar, int ipVar) throws Refused {
            Label notEntered = new Label();
            int tmp = sv(0, Kind.ANY);
            for (int i = 0; i < f.localsCount; i++) {
                Kind k = t.locals[i];
                mv.visitVarInsn(ALOAD, frameVar);
                pushInt(mv, i);
                mv.visitInsn(AALOAD);
                if (k == Kind.ANY) {
                    mv.visitVarInsn(ASTORE, localVar[i]);
                    continue;
                }
                String box = switch (k) { case INT -> "java/lang/Long"; case NUM -> "java/lang/Double"; default -> "java/lang/Boolean"; };
                mv.visitVarInsn(ASTORE, tmp);
                mv.visitVarInsn(ALOAD, tmp);
                mv.visitTypeInsn(INSTANCEOF, box);
                mv.visitJumpInsn(IFEQ, notEntered);
                mv.visitVarInsn(ALOAD, tmp);
                mv.visitTypeInsn(CHECKCAST, box);
                switch (k) {
                    case INT -> mv.visitMethodInsn(INVOKEVIRTUAL, box, "longValue", "()J", false);
                    case NUM -> mv.visitMethodInsn(INVOKEVIRTUAL, box, "doubleValue", "()D", false);
                    default -> mv.visitMethodInsn(INVOKEVIRTUAL, box, "booleanValue", "()Z", false);
                }
                store(k, localVar[i]);
            }
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, tmp);
            List<Integer> headers = new ArrayList<>();
            for (int ip = 0; ip < f.code.length; ip++) {
                if (isTarget[ip] && t.stackAt[ip] != null && t.stackAt[ip].length == 0) headers.add(ip);
            }
            if (headers.isEmpty()) throw new Refused("no loop header to enter");
            int[] keys = headers.stream().mapToInt(Integer::intValue).toArray();
            Label[] targets = headers.stream().map(ip -> labels[ip]).toArray(Label[]::new);
            mv.visitVarInsn(ILOAD, ipVar);
            mv.visitLookupSwitchInsn(notEntered, keys, targets);
            mark(notEntered);
            mv.visitFieldInsn(GETSTATIC, Type.getInternalName(CompiledFunction.class), "NOT_ENTERED", "Ljava/lang/Object;");
            mv.visitInsn(ARETURN);
            mark(new Label()); // the function's start: reached by no jump here, yet code the verifier checks
        }

        /**
         * A bound on the JVM operand stack: a call pushes the context, the proto and its arguments (longs at most)
         * or seven words and an array of them; no other sequence here goes beyond eight words.
         */
        private int maxStack() {
            return 16 + 2 * (f.maxStack + f.arity);
        }

        private int alloc(Kind k) {
            int v = nextVar;
            nextVar += k == Kind.INT || k == Kind.NUM ? 2 : 1;
            frameLocals.add(switch (k) { case INT -> LONG; case NUM -> DOUBLE; case BOOL -> INTEGER; case ANY -> "java/lang/Object"; });
            return v;
        }

        private Kind kindOf(Object frameType) {
            return frameType == LONG ? Kind.INT : frameType == DOUBLE ? Kind.NUM : frameType == INTEGER ? Kind.BOOL : Kind.ANY;
        }

        private void zero(Kind k) {
            switch (k) {
                case INT -> mv.visitInsn(LCONST_0);
                case NUM -> mv.visitInsn(DCONST_0);
                case BOOL -> mv.visitInsn(ICONST_0);
                case ANY -> mv.visitInsn(ACONST_NULL);
            }
        }

        /** Places {@code l} here, a jump target, with its frame: every local as typed at the start, and {@code stack} on the operand stack. */
        private void mark(Label l, Object... stack) {
            mv.visitLabel(l);
            int at = l.getOffset();
            if (at == lastFrameOffset) {
                // Two labels at one place get one frame; one that disagreed would be a compiler bug, and the function is refused.
                if (stack.length != 0 || lastFrameStack != 0) throw new IllegalStateException("two frames at " + at);
                return;
            }
            lastFrameOffset = at;
            lastFrameStack = stack.length;
            mv.visitFrame(F_NEW, frameLocalsArray.length, frameLocalsArray, stack.length, stack);
        }

        private int sv(int depth, Kind k) {
            return stackVar[depth][k.ordinal()];
        }

        /** Emits one instruction; returns whether control falls through to the next. */
        private boolean instruction(int ip, Kind[] in) throws Refused {
            int[] code = f.code;
            int n = in.length;
            switch (code[ip]) {
                case Op.CONST -> pushConst(code[ip + 1], n);
                case Op.NONE, Op.UNIT -> {
                    mv.visitFieldInsn(GETSTATIC, "dev/shaperemote/vm/Nil", code[ip] == Op.NONE ? "NONE" : "UNIT", "Ldev/shaperemote/vm/Nil;");
                    store(Kind.ANY, sv(n, Kind.ANY));
                }
                case Op.TRUE, Op.FALSE -> { mv.visitInsn(code[ip] == Op.TRUE ? ICONST_1 : ICONST_0); store(Kind.BOOL, sv(n, Kind.BOOL)); }
                case Op.POP -> { }
                case Op.DUP -> { load(in[n - 1], sv(n - 1, in[n - 1])); store(in[n - 1], sv(n, in[n - 1])); }
                case Op.LOAD_LOCAL -> { Kind k = t.locals[code[ip + 1]]; load(k, localVar[code[ip + 1]]); store(k, sv(n, k)); }
                case Op.STORE_LOCAL -> {
                    int slot = code[ip + 1];
                    load(in[n - 1], sv(n - 1, in[n - 1]));
                    convert(in[n - 1], t.locals[slot]);
                    store(t.locals[slot], localVar[slot]);
                }
                case Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MOD ->
                        arith(ip, code[ip], in[n - 2], v -> load(in[n - 2], sv(n - 2, in[n - 2])), in[n - 1], v -> load(in[n - 1], sv(n - 1, in[n - 1])), n, n - 2);
                case Op.ADD_CONST, Op.SUB_CONST -> {
                    int k = code[ip + 1];
                    arith(ip, code[ip] == Op.ADD_CONST ? Op.ADD : Op.SUB, in[n - 1], v -> load(in[n - 1], sv(n - 1, in[n - 1])),
                            t.constKind(k), v -> loadConst(k), n, n - 1);
                }
                case Op.LOCAL_ADD_CONST, Op.LOCAL_SUB_CONST -> {
                    int a = code[ip + 1], k = code[ip + 2];
                    arith(ip, code[ip] == Op.LOCAL_ADD_CONST ? Op.ADD : Op.SUB, t.locals[a], v -> load(t.locals[a], localVar[a]),
                            t.constKind(k), v -> loadConst(k), n, n);
                }
                case Op.INC_LOCAL, Op.ADD_TO_LOCAL -> {
                    int a = code[ip + 1], b = code[ip + 2];
                    Kind kb = code[ip] == Op.INC_LOCAL ? t.constKind(b) : t.locals[b];
                    Kind r = arith(ip, Op.ADD, t.locals[a], v -> load(t.locals[a], localVar[a]), kb,
                            v -> { if (code[ip] == Op.INC_LOCAL) loadConst(b); else load(t.locals[b], localVar[b]); }, n, n);
                    load(r, sv(n, r));
                    convert(r, t.locals[a]);
                    store(t.locals[a], localVar[a]);
                }
                case Op.NEG -> neg(ip, in[n - 1], n);
                case Op.NOT -> {
                    truthy(in[n - 1], sv(n - 1, in[n - 1]));
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                    store(Kind.BOOL, sv(n - 1, Kind.BOOL));
                }
                case Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE -> {
                    int kind = switch (code[ip]) { case Op.LT -> 0; case Op.LE -> 1; case Op.GT -> 2; case Op.GE -> 3; case Op.EQ -> 4; default -> 5; };
                    condition(ip, kind, in[n - 2], v -> load(in[n - 2], sv(n - 2, in[n - 2])), in[n - 1], v -> load(in[n - 1], sv(n - 1, in[n - 1])));
                    store(Kind.BOOL, sv(n - 2, Kind.BOOL));
                }
                case Op.JUMP -> {
                    int target = code[ip + 1];
                    flush(1);
                    takenJump(ip, target, in);
                    return false;
                }
                case Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE -> {
                    truthy(in[n - 1], sv(n - 1, in[n - 1]));
                    Kind[] out = Arrays.copyOf(in, n - 1);
                    branch(ip, code[ip] == Op.JUMP_IF_TRUE, code[ip + 1], out);
                }
                case Op.AND, Op.OR -> {
                    boolean or = code[ip] == Op.OR;
                    // The left operand decides when it is falsy (and) or truthy (or): it becomes that bool and the jump is taken.
                    truthy(in[n - 1], sv(n - 1, in[n - 1]));
                    Label stay = new Label();
                    flush(1);
                    mv.visitJumpInsn(or ? IFEQ : IFNE, stay);
                    mv.visitInsn(or ? ICONST_1 : ICONST_0);
                    store(Kind.BOOL, sv(n - 1, Kind.BOOL));
                    Kind[] out = Arrays.copyOf(in, n);
                    out[n - 1] = Kind.BOOL;
                    takenJump(ip, code[ip + 1], out);
                    mark(stay);
                }
                case Op.CMP_JUMP -> {
                    condition(ip, code[ip + 1], in[n - 2], v -> load(in[n - 2], sv(n - 2, in[n - 2])), in[n - 1], v -> load(in[n - 1], sv(n - 1, in[n - 1])));
                    branch(ip, false, code[ip + 2], Arrays.copyOf(in, n - 2));
                }
                case Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> {
                    int a = code[ip + 1], b = code[ip + 2];
                    boolean ll = code[ip] == Op.CMP_LL_JUMP;
                    condition(ip, code[ip + 3], t.locals[a], v -> load(t.locals[a], localVar[a]),
                            ll ? t.locals[b] : t.constKind(b), v -> { if (ll) load(t.locals[b], localVar[b]); else loadConst(b); });
                    branch(ip, false, code[ip + 4], in);
                }
                case Op.CALL_FN -> call(ip, in);
                case Op.RETURN -> {
                    Kind k = in[n - 1];
                    flush(1);
                    writeBack();
                    load(k, sv(n - 1, k));
                    if (ret == Kind.INT) {
                        if (k != Kind.INT) throw new Refused("int variant returns a non-int");
                        mv.visitInsn(LRETURN);
                    } else {
                        box(mv, k);
                        mv.visitInsn(ARETURN);
                    }
                    return false;
                }
                default -> throw new Refused("instruction " + Op.NAMES[code[ip]] + " is interpreted only");
            }
            return true;
        }

        // ---- counting and polling ----

        /** Adds the run so far, plus {@code extra} (the instruction that ends it), to the count. */
        private void flush(int extra) {
            int n = pending + extra;
            pending = -extra; // the instruction counted here as {@code extra} is not counted again when it ends
            if (n == 0) return;
            mv.visitVarInsn(LLOAD, cntVar);
            mv.visitLdcInsn((long) n);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, cntVar);
        }

        /** Keeps the count where the interpreter reads it. */
        private void writeBack() {
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitVarInsn(LLOAD, cntVar);
            mv.visitFieldInsn(PUTFIELD, CTX, "executed", "J");
        }

        private void poll(int ip) {
            Label skip = new Label();
            mv.visitVarInsn(LLOAD, cntVar);
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitFieldInsn(GETFIELD, CTX, "nextCheck", "J");
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, skip);
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitVarInsn(LLOAD, cntVar);
            mv.visitVarInsn(ALOAD, SELF_VAR);
            pushInt(mv, ip);
            mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "poll", "(J" + PROTO_D + "I)V", false);
            mark(skip);
        }

        // ---- jumps ----

        /** A taken jump from {@code ip} (already counted) with operands {@code out}: polls when backward, converts kinds, jumps. */
        private void takenJump(int ip, int target, Kind[] out) throws Refused {
            if (target <= ip) poll(ip);
            convertStack(out, t.stackAt[target]);
            mv.visitJumpInsn(GOTO, labels[target]);
        }

        /** With a 0/1 int on the JVM stack: jumps to {@code target} when it equals {@code onTrue}; counts the run either way. */
        private void branch(int ip, boolean onTrue, int target, Kind[] out) throws Refused {
            flush(1);
            Label stay = new Label();
            mv.visitJumpInsn(onTrue ? IFEQ : IFNE, stay);
            takenJump(ip, target, out);
            mark(stay);
        }

        private void convertStack(Kind[] from, Kind[] to) throws Refused {
            if (from.length != to.length) throw new Refused("operand depths differ");
            for (int d = 0; d < from.length; d++) {
                if (from[d] == to[d]) continue;
                load(from[d], sv(d, from[d]));
                convert(from[d], to[d]);
                store(to[d], sv(d, to[d]));
            }
        }

        // ---- deoptimisation ----

        /** The label that hands the frame as it is on entry to {@code ip} back to the interpreter. */
        private Label deopt(int ip) {
            Deopt d = deoptAt.get(ip);
            if (d == null) {
                d = new Deopt(ip, t.stackAt[ip], pending, new Label());
                deoptAt.put(ip, d);
                deopts.add(d);
            }
            return d.label;
        }

        /**
         * One exit: counts the run so far, boxes the operands (their kinds differ per instruction) and goes to the
         * shared tail, which boxes the locals (one kind each for the whole variant) and resumes the interpreter.
         */
        private void writeDeopt(Deopt d) {
            mark(d.label);
            if (d.pending != 0) {
                mv.visitVarInsn(LLOAD, cntVar);
                mv.visitLdcInsn((long) d.pending);
                mv.visitInsn(LADD);
                mv.visitVarInsn(LSTORE, cntVar);
            }
            pushInt(mv, d.stack.length);
            mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
            for (int i = 0; i < d.stack.length; i++) {
                mv.visitInsn(DUP);
                pushInt(mv, i);
                load(d.stack[i], sv(i, d.stack[i]));
                box(mv, d.stack[i]);
                mv.visitInsn(AASTORE);
            }
            mv.visitVarInsn(ASTORE, operandsVar);
            pushInt(mv, d.ip);
            mv.visitVarInsn(ISTORE, tmpInt);
            mv.visitJumpInsn(GOTO, deoptTail);
        }

        private final Label deoptTail = new Label();

        /** The exits' common end: the frame is the locals, then the operands; the interpreter goes on from the exit's instruction. */
        private void writeDeoptTail() {
            mark(deoptTail);
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitVarInsn(LLOAD, cntVar);
            mv.visitFieldInsn(PUTFIELD, CTX, "executed", "J");
            int frame = frameVar;
            pushInt(mv, f.localsCount);
            mv.visitVarInsn(ALOAD, operandsVar);
            mv.visitInsn(ARRAYLENGTH);
            mv.visitInsn(IADD);
            mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
            mv.visitVarInsn(ASTORE, frame);
            for (int i = 0; i < f.localsCount; i++) {
                mv.visitVarInsn(ALOAD, frame);
                pushInt(mv, i);
                load(t.locals[i], localVar[i]);
                box(mv, t.locals[i]);
                mv.visitInsn(AASTORE);
            }
            mv.visitVarInsn(ALOAD, operandsVar);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ALOAD, frame);
            pushInt(mv, f.localsCount);
            mv.visitVarInsn(ALOAD, operandsVar);
            mv.visitInsn(ARRAYLENGTH);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V", false);
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitVarInsn(ALOAD, SELF_VAR);
            mv.visitVarInsn(ALOAD, frame);
            mv.visitVarInsn(ILOAD, tmpInt);
            mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "resume", "(" + PROTO_D + "[Ljava/lang/Object;I)Ljava/lang/Object;", false);
            returnAny();
        }

        /** Returns the Object on the JVM stack from this variant: unboxed when it returns ints, thrown to the caller when it is not one. */
        private void returnAny() {
            if (ret != Kind.INT) {
                mv.visitInsn(ARETURN);
                return;
            }
            Label notInt = new Label();
            mv.visitInsn(DUP);
            mv.visitTypeInsn(INSTANCEOF, "java/lang/Long");
            mv.visitJumpInsn(IFEQ, notInt);
            mv.visitTypeInsn(CHECKCAST, "java/lang/Long");
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false);
            mv.visitInsn(LRETURN);
            mark(notInt, "java/lang/Object");
            String jr = Type.getInternalName(JitReturn.class);
            mv.visitTypeInsn(NEW, jr);
            mv.visitInsn(DUP_X1);
            mv.visitInsn(SWAP);
            mv.visitMethodInsn(INVOKESPECIAL, jr, "<init>", "(Ljava/lang/Object;)V", false);
            mv.visitInsn(ATHROW);
        }

        // ---- calls ----

        private void call(int ip, Kind[] in) throws Refused {
            int[] code = f.code;
            int ref = code[ip + 1], argc = code[ip + 2];
            int n = in.length, base = n - argc;
            flush(1);
            writeBack();
            poll(ip);
            boolean direct = !osr && t.callsIntVariant(ip, in);
            Kind result = direct ? intReturn() : Kind.ANY;
            if (t.step(ip, in).next[base] != result) throw new Refused("call result kinds disagree");
            // The frame the interpreter goes on with when the call's value is not the int this variant expects.
            Kind[] resumed = Arrays.copyOf(in, base + 1);
            resumed[base] = Kind.ANY;
            Deopt afterCall = new Deopt(ip + 3, resumed, 0, new Label());
            Label fast = new Label(), after = new Label();
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitFieldInsn(GETFIELD, CTX, "depth", "I");
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitFieldInsn(GETFIELD, CTX, "depthLimit", "I");
            mv.visitJumpInsn(IF_ICMPLT, fast);
            // Deep: the depth budget's error, or the call runs in the interpreter, whose frames are not on the Java stack.
            callThroughContext("callDeep", ip, ref, in, base, n);
            reloadCount();
            if (result == Kind.INT) {
                mv.visitVarInsn(ALOAD, sv(base, Kind.ANY));
                mv.visitTypeInsn(INSTANCEOF, "java/lang/Long");
                mv.visitJumpInsn(IFEQ, afterCall.label);
                mv.visitVarInsn(ALOAD, sv(base, Kind.ANY));
                mv.visitTypeInsn(CHECKCAST, "java/lang/Long");
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false);
                store(Kind.INT, sv(base, Kind.INT));
            }
            mv.visitJumpInsn(GOTO, after);
            mark(fast);
            addDepth(1);
            if (direct) {
                Label start = new Label(), end = new Label(), handler = null;
                if (result == Kind.INT) {
                    handler = new Label();
                    mv.visitTryCatchBlock(start, end, handler, Type.getInternalName(JitReturn.class));
                }
                mv.visitVarInsn(ALOAD, CTX_VAR);
                mv.visitVarInsn(ALOAD, SELF_VAR);
                for (int i = base; i < n; i++) load(Kind.INT, sv(i, Kind.INT));
                mv.visitLabel(start);
                mv.visitMethodInsn(INVOKESTATIC, OWNER, "ints", intDesc(), false);
                mv.visitLabel(end);
                store(result, sv(base, result));
                if (handler != null) {
                    // The callee went back to the interpreter and returned a non-int: so does this frame, after the call.
                    Label done = new Label();
                    mv.visitJumpInsn(GOTO, done);
                    mark(handler, Type.getInternalName(JitReturn.class));
                    mv.visitFieldInsn(GETFIELD, Type.getInternalName(JitReturn.class), "value", "Ljava/lang/Object;");
                    store(Kind.ANY, sv(base, Kind.ANY));
                    addDepth(-1);
                    reloadCount();
                    mv.visitJumpInsn(GOTO, afterCall.label);
                    mark(done);
                }
            } else if (f.refs[ref] == f && !ints && !osr) {
                mv.visitVarInsn(ALOAD, CTX_VAR);
                mv.visitVarInsn(ALOAD, SELF_VAR);
                for (int i = base; i < n; i++) { load(in[i], sv(i, in[i])); box(mv, in[i]); }
                mv.visitMethodInsn(INVOKESTATIC, OWNER, "any", anyDesc(), false);
                store(Kind.ANY, sv(base, Kind.ANY));
            } else { // another function, or this one with non-int arguments from the int variant (its class has no generic variant)
                callThroughContext("callFunction", ip, ref, in, base, n);
            }
            addDepth(-1);
            reloadCount();
            mark(after);
            if (result == Kind.INT) deopts.add(afterCall);
        }

        /** {@code ctx.<method>(self, ip, ref, args)} ({@code callFunction} or {@code callDeep}), its value boxed into the call's slot. */
        private void callThroughContext(String method, int ip, int ref, Kind[] in, int base, int n) {
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitVarInsn(ALOAD, SELF_VAR);
            pushInt(mv, ip);
            pushInt(mv, ref);
            argsArray(in, base, n);
            mv.visitMethodInsn(INVOKEVIRTUAL, CTX, method, "(" + PROTO_D + "II[Ljava/lang/Object;)Ljava/lang/Object;", false);
            store(Kind.ANY, sv(base, Kind.ANY));
        }

        private void argsArray(Kind[] in, int base, int n) {
            pushInt(mv, n - base);
            mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
            for (int i = base; i < n; i++) {
                mv.visitInsn(DUP);
                pushInt(mv, i - base);
                load(in[i], sv(i, in[i]));
                box(mv, in[i]);
                mv.visitInsn(AASTORE);
            }
        }

        private void reloadCount() {
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitFieldInsn(GETFIELD, CTX, "executed", "J");
            mv.visitVarInsn(LSTORE, cntVar);
        }

        private void addDepth(int delta) {
            mv.visitVarInsn(ALOAD, CTX_VAR);
            mv.visitInsn(DUP);
            mv.visitFieldInsn(GETFIELD, CTX, "depth", "I");
            mv.visitInsn(delta > 0 ? ICONST_1 : ICONST_M1);
            mv.visitInsn(IADD);
            mv.visitFieldInsn(PUTFIELD, CTX, "depth", "I");
        }

        // ---- values ----

        private void pushConst(int k, int n) throws Refused {
            Kind kind = t.constKind(k);
            loadConst(k);
            store(kind, sv(n, kind));
        }

        private void loadConst(int k) {
            Object c = f.constants[k];
            if (c instanceof Long || c instanceof Double) {
                mv.visitLdcInsn(c);
            } else if (c instanceof Boolean b) {
                mv.visitInsn(b ? ICONST_1 : ICONST_0);
            } else {
                mv.visitVarInsn(ALOAD, SELF_VAR);
                mv.visitFieldInsn(GETFIELD, PROTO, "constants", "[Ljava/lang/Object;");
                pushInt(mv, k);
                mv.visitInsn(AALOAD);
            }
        }

        private interface Load { void emit(Void v) throws Refused; }

        /**
         * {@code a op b} into operand depth {@code into}, deoptimising at {@code ip} on what the interpreter must do
         * itself (overflow, division by zero, anything but numbers); {@code tmp} is a free depth. Returns the result's kind.
         */
        private Kind arith(int ip, int op, Kind ka, Load a, Kind kb, Load b, int tmp, int into) throws Refused {
            Kind r = FrameTypes.arith(ka, kb);
            if (r == Kind.INT) {
                int x = sv(tmp, Kind.INT), y = sv(tmp + 1, Kind.INT), z = sv(tmp + 2, Kind.INT);
                a.emit(null); mv.visitVarInsn(LSTORE, x);
                b.emit(null); mv.visitVarInsn(LSTORE, y);
                Label bad = deopt(ip);
                switch (op) {
                    case Op.ADD, Op.SUB -> {
                        mv.visitVarInsn(LLOAD, x);
                        mv.visitVarInsn(LLOAD, y);
                        mv.visitInsn(op == Op.ADD ? LADD : LSUB);
                        mv.visitVarInsn(LSTORE, z);
                        // add: ((x ^ r) & (y ^ r)) < 0; sub: ((x ^ y) & (x ^ r)) < 0 is an overflow
                        mv.visitVarInsn(LLOAD, x);
                        mv.visitVarInsn(LLOAD, op == Op.ADD ? z : y);
                        mv.visitInsn(LXOR);
                        mv.visitVarInsn(LLOAD, op == Op.ADD ? y : x);
                        mv.visitVarInsn(LLOAD, z);
                        mv.visitInsn(LXOR);
                        mv.visitInsn(LAND);
                        mv.visitInsn(LCONST_0);
                        mv.visitInsn(LCMP);
                        mv.visitJumpInsn(IFLT, bad);
                    }
                    case Op.MUL, Op.DIV -> {
                        mv.visitVarInsn(LLOAD, x);
                        mv.visitVarInsn(LLOAD, y);
                        mv.visitMethodInsn(INVOKESTATIC, OPS, op == Op.MUL ? "mulOverflows" : "divFails", "(JJ)Z", false);
                        mv.visitJumpInsn(IFNE, bad);
                        mv.visitVarInsn(LLOAD, x);
                        mv.visitVarInsn(LLOAD, y);
                        mv.visitInsn(op == Op.MUL ? LMUL : LDIV);
                        mv.visitVarInsn(LSTORE, z);
                    }
                    default -> { // MOD
                        mv.visitVarInsn(LLOAD, y);
                        mv.visitInsn(LCONST_0);
                        mv.visitInsn(LCMP);
                        mv.visitJumpInsn(IFEQ, bad);
                        mv.visitVarInsn(LLOAD, x);
                        mv.visitVarInsn(LLOAD, y);
                        mv.visitMethodInsn(INVOKESTATIC, OPS, "modInts", "(JJ)J", false);
                        mv.visitVarInsn(LSTORE, z);
                    }
                }
                mv.visitVarInsn(LLOAD, z);
                mv.visitVarInsn(LSTORE, sv(into, Kind.INT));
            } else if (r == Kind.NUM) {
                int x = sv(tmp, Kind.NUM), y = sv(tmp + 1, Kind.NUM);
                a.emit(null); convert(ka, Kind.NUM); mv.visitVarInsn(DSTORE, x);
                b.emit(null); convert(kb, Kind.NUM); mv.visitVarInsn(DSTORE, y);
                if (op == Op.DIV || op == Op.MOD) {
                    mv.visitVarInsn(DLOAD, y);
                    mv.visitInsn(DCONST_0);
                    mv.visitInsn(DCMPL);
                    mv.visitJumpInsn(IFEQ, deopt(ip));
                }
                mv.visitVarInsn(DLOAD, x);
                mv.visitVarInsn(DLOAD, y);
                mv.visitInsn(switch (op) { case Op.ADD -> DADD; case Op.SUB -> DSUB; case Op.MUL -> DMUL; case Op.DIV -> DDIV; default -> DREM; });
                mv.visitVarInsn(DSTORE, sv(into, Kind.NUM));
            } else {
                int z = sv(tmp, Kind.ANY);
                a.emit(null); box(mv, ka);
                b.emit(null); box(mv, kb);
                String name = switch (op) { case Op.ADD -> "add"; case Op.SUB -> "sub"; case Op.MUL -> "mul"; case Op.DIV -> "div"; default -> "mod"; };
                mv.visitMethodInsn(INVOKESTATIC, OPS, name, "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                mv.visitVarInsn(ASTORE, z);
                mv.visitVarInsn(ALOAD, z);
                mv.visitJumpInsn(IFNULL, deopt(ip));
                mv.visitVarInsn(ALOAD, z);
                mv.visitVarInsn(ASTORE, sv(into, Kind.ANY));
            }
            return r;
        }

        private void neg(int ip, Kind k, int n) {
            int v = sv(n - 1, k);
            switch (k) {
                case INT -> {
                    mv.visitVarInsn(LLOAD, v);
                    mv.visitLdcInsn(Long.MIN_VALUE);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFEQ, deopt(ip));
                    mv.visitVarInsn(LLOAD, v);
                    mv.visitInsn(LNEG);
                    mv.visitVarInsn(LSTORE, v);
                }
                case NUM -> { mv.visitVarInsn(DLOAD, v); mv.visitInsn(DNEG); mv.visitVarInsn(DSTORE, v); }
                default -> {
                    load(k, v);
                    box(mv, k);
                    mv.visitMethodInsn(INVOKESTATIC, OPS, "neg", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
                    int z = sv(n, Kind.ANY);
                    mv.visitVarInsn(ASTORE, z);
                    mv.visitVarInsn(ALOAD, z);
                    mv.visitJumpInsn(IFNULL, deopt(ip));
                    mv.visitVarInsn(ALOAD, z);
                    mv.visitVarInsn(ASTORE, sv(n - 1, Kind.ANY));
                }
            }
        }

        /** Pushes the 0/1 int of {@code truthy(v)}. */
        private void truthy(Kind k, int var) {
            if (k == Kind.BOOL) {
                mv.visitVarInsn(ILOAD, var);
                return;
            }
            load(k, var);
            box(mv, k);
            mv.visitMethodInsn(INVOKESTATIC, OPS, "truthy", "(Ljava/lang/Object;)Z", false);
        }

        /**
         * Pushes the 0/1 int of comparison {@code kind} (0 {@code <}, 1 {@code <=}, 2 {@code >}, 3 {@code >=},
         * 4 {@code ==}, 5 {@code !=}) of a and b, as the interpreter decides it; deoptimises where it would fail.
         */
        private void condition(int ip, int kind, Kind ka, Load a, Kind kb, Load b) throws Refused {
            Label no = new Label(), end = new Label();
            if (ka == Kind.INT && kb == Kind.INT || ka.numeric() && kb.numeric()) {
                boolean longs = ka == Kind.INT && kb == Kind.INT;
                a.emit(null); if (!longs) convert(ka, Kind.NUM);
                b.emit(null); if (!longs) convert(kb, Kind.NUM);
                if (longs) mv.visitInsn(LCMP);
                else if (kind >= 4) mv.visitInsn(DCMPL); // == on numbers: NaN differs from itself, 0.0 equals -0.0
                else mv.visitMethodInsn(INVOKESTATIC, OPS, "compareNumbers", "(DD)I", false);
                mv.visitJumpInsn(switch (kind) { case 0 -> IFGE; case 1 -> IFGT; case 2 -> IFLE; case 3 -> IFLT; case 4 -> IFNE; default -> IFEQ; }, no);
            } else if (ka == Kind.BOOL && kb == Kind.BOOL && kind >= 4) {
                a.emit(null);
                b.emit(null);
                mv.visitJumpInsn(kind == 4 ? IF_ICMPNE : IF_ICMPEQ, no);
            } else {
                pushInt(mv, kind);
                a.emit(null); box(mv, ka);
                b.emit(null); box(mv, kb);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "compare", "(ILjava/lang/Object;Ljava/lang/Object;)I", false);
                mv.visitVarInsn(ISTORE, tmpInt);
                mv.visitVarInsn(ILOAD, tmpInt);
                mv.visitJumpInsn(IFLT, deopt(ip));
                mv.visitVarInsn(ILOAD, tmpInt);
                mv.visitJumpInsn(IFEQ, no);
            }
            mv.visitInsn(ICONST_1);
            mv.visitJumpInsn(GOTO, end);
            mark(no);
            mv.visitInsn(ICONST_0);
            mark(end, INTEGER);
        }

        private void load(Kind k, int var) {
            mv.visitVarInsn(switch (k) { case INT -> LLOAD; case NUM -> DLOAD; case BOOL -> ILOAD; case ANY -> ALOAD; }, var);
        }

        private void store(Kind k, int var) {
            mv.visitVarInsn(switch (k) { case INT -> LSTORE; case NUM -> DSTORE; case BOOL -> ISTORE; case ANY -> ASTORE; }, var);
        }

        /** Converts the value on the JVM stack: to ANY by boxing, INT to NUM by widening; nothing else can be asked. */
        private void convert(Kind from, Kind to) throws Refused {
            if (from == to) return;
            if (to == Kind.ANY) box(mv, from);
            else if (from == Kind.INT && to == Kind.NUM) mv.visitInsn(L2D);
            else throw new Refused("cannot convert " + from + " to " + to);
        }
    }

    private static int jumpTarget(int[] code, int ip) {
        return switch (code[ip]) {
            case Op.JUMP, Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE, Op.AND, Op.OR -> code[ip + 1];
            case Op.CMP_JUMP -> code[ip + 2];
            case Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> code[ip + 4];
            default -> -1;
        };
    }

    static void box(MethodVisitor mv, Kind k) {
        switch (k) {
            case INT -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false);
            case NUM -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "valueOf", "(D)Ljava/lang/Double;", false);
            case BOOL -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Boolean", "valueOf", "(Z)Ljava/lang/Boolean;", false);
            case ANY -> { }
        }
    }

    static void pushInt(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }
}
