package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Op;
import dev.shaperemote.bytecode.StackEffect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The code of one function while it is being compiled: its words, constants, strings, locals and
 * captures, the stack height after each emitted instruction, and the loops it is inside. Function
 * operands point into {@link #refs} until {@link ProgramAssembler} turns them into hashes or names.
 */
final class FunctionBuilder {
    /** {@code width}: a fixed-width integer type ({@code i8} … {@code u32}) that every store wraps to, or null. */
    record Local(String name, int slot, boolean boxed, int depth, boolean mutable, String width) {}

    record Capture(boolean fromLocal, int index, String name, boolean mutable, String width) {}

    /** A loop being compiled: where {@code continue} goes, where {@code break}s wait to be patched. */
    static final class Loop {
        final int baseHeight;
        final int continueHeight;
        final int resultSlot;
        /** The scope depth outside the loop's body: break and continue leave the scopes deeper than it. */
        int scopeDepth;
        int continueTarget = -1;
        final List<Integer> breakJumps = new ArrayList<>();
        final List<Integer> continueJumps = new ArrayList<>();

        Loop(int baseHeight, int continueHeight, int resultSlot) {
            this.baseHeight = baseHeight;
            this.continueHeight = continueHeight;
            this.resultSlot = resultSlot;
        }
    }

    final String name;
    final FunctionBuilder enclosing;
    final boolean isClosure;
    final boolean isMain;
    /** Declared {@code -> Result<...>}: its {@code None?} returns an Err. */
    boolean returnsResult;
    final List<String> paramNames = new ArrayList<>();
    /** Names some nested function mentions: locals with these names live in cells so they can be shared. */
    final java.util.Set<String> capturedNames;

    private int[] code = new int[64];
    int size;
    final List<Object> constants = new ArrayList<>();
    private final Map<Object, Integer> constantIndex = new HashMap<>();
    final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIndex = new HashMap<>();
    final List<Local> locals = new ArrayList<>();
    int localsCount;
    int scopeDepth;
    final List<Capture> captures = new ArrayList<>();
    final List<FunctionBuilder> refs = new ArrayList<>();
    final List<int[]> sourceMap = new ArrayList<>();
    final List<Loop> loops = new ArrayList<>();
    int height;
    private int lastLine = -1;
    int lambdaCount;
    private int lastStart = -1;
    final java.util.Set<String> nestedNames = new java.util.HashSet<>();
    /** Slots of locals declared by 'let' with a plain name: the values their scope's end drops (impl Drop). */
    final java.util.Set<Integer> owned = new java.util.HashSet<>();

    FunctionBuilder(String name, FunctionBuilder enclosing, boolean isClosure, boolean isMain, java.util.Set<String> capturedNames) {
        this.name = name;
        this.enclosing = enclosing;
        this.isClosure = isClosure;
        this.isMain = isMain;
        this.capturedNames = capturedNames;
    }

    // ---- emitting ----

    /** The source line of the code being emitted now (0 before the first mark). */
    int line() { return Math.max(lastLine, 0); }

    void mark(int line, int col) {
        if (line != lastLine && line > 0) {
            sourceMap.add(new int[] {size, line, col});
            lastLine = line;
        }
    }

    /** Emits one instruction and returns its code index. */
    int emit(int op, int... operands) {
        int at = size;
        lastStart = at;
        ensure(1 + operands.length);
        code[size++] = op;
        for (int o : operands) code[size++] = o;
        // After an instruction that never falls through, the compiler sets the height it needs itself.
        if (!StackEffect.ends(op)) height += StackEffect.fallThrough(code, at);
        return at;
    }

    private void ensure(int n) {
        if (size + n > code.length) code = java.util.Arrays.copyOf(code, Math.max(code.length * 2, size + n));
    }

    int emitJump(int op) { return emit(op, -1); }

    /** The code size when a jump was last pointed at the end of the code; see {@link #dropTrailingUnit}. */
    private int jumpedToEnd = -1;

    /**
     * Removes a UNIT that was just emitted, for a value nobody will use. Safe even when jumps
     * target it: they then land on whatever is emitted next at the same index. Not done when a jump
     * targets the end, just past the UNIT (as the short-circuit of {@code a && if c { x }} does): that
     * path never pushed the UNIT, so it would be left with its own value while the other has none.
     */
    boolean dropTrailingUnit() {
        if (lastStart != size - 1 || code[lastStart] != Op.UNIT || jumpedToEnd == size) return false;
        size--;
        height--;
        lastStart = -1;
        return true;
    }

    /** Points the jump emitted at {@code at} to the current end of the code. */
    void patch(int at) { patchTo(at, size); }

    void patchTo(int at, int target) {
        code[at + jumpOperand(code[at])] = target;
        if (target == size) jumpedToEnd = size;
    }

    private static int jumpOperand(int op) { return op == Op.DEFAULT_ARG || op == Op.CMP_JUMP ? 2 : 1; }

    int[] code() { return java.util.Arrays.copyOf(code, size); }

    void setWord(int index, int value) { code[index] = value; }

    int word(int index) { return code[index]; }

    // ---- tables ----

    int constant(Object value) {
        Object key = value instanceof Double d ? List.of("d", Double.doubleToRawLongBits(d)) : List.of(value.getClass().getSimpleName(), value);
        return constantIndex.computeIfAbsent(key, k -> {
            constants.add(value);
            return constants.size() - 1;
        });
    }

    int string(String s) {
        return stringIndex.computeIfAbsent(s, k -> {
            strings.add(s);
            return strings.size() - 1;
        });
    }

    int ref(FunctionBuilder target) {
        int i = refs.indexOf(target);
        if (i >= 0) return i;
        refs.add(target);
        return refs.size() - 1;
    }

    // ---- locals and captures ----

    Local declare(String name) { return declare(name, true); }

    Local declare(String name, boolean mutable) { return declare(name, mutable, null); }

    Local declare(String name, boolean mutable, String width) {
        Local l = new Local(name, localsCount++, name != null && capturedNames.contains(name), scopeDepth, mutable, width);
        locals.add(l);
        return l;
    }

    /**
     * Declares a reference parameter ({@code &name}): its slot receives the caller's cell, so it reads and
     * writes like a captured local, through LOAD_CELL and STORE_CELL, and the prologue does not box it.
     */
    Local declareReference(String name) {
        Local l = new Local(name, localsCount++, true, scopeDepth, true, null);
        locals.add(l);
        return l;
    }

    /** Declares the next parameter slot; a null name keeps the slot hidden (a destructured parameter). */
    void declareParam(String name) {
        if (name == null) temp(); else declare(name);
    }

    /** A hidden slot for compiler temporaries. */
    int temp() { return localsCount++; }

    Local findLocal(String name) {
        for (int i = locals.size() - 1; i >= 0; i--) if (name.equals(locals.get(i).name())) return locals.get(i);
        return null;
    }

    /** Index of the capture that gives this function {@code name} from an enclosing function, or -1. */
    int findCapture(String name) {
        for (int i = 0; i < captures.size(); i++) if (captures.get(i).name().equals(name)) return i;
        if (enclosing == null) return -1;
        Local l = enclosing.findLocal(name);
        if (l != null) {
            if (!l.boxed()) return -1;
            captures.add(new Capture(true, l.slot(), name, l.mutable(), l.width()));
            return captures.size() - 1;
        }
        int up = enclosing.findCapture(name);
        if (up < 0) return -1;
        Capture outer = enclosing.captures.get(up);
        captures.add(new Capture(false, up, name, outer.mutable(), outer.width()));
        return captures.size() - 1;
    }

    void beginScope() { scopeDepth++; }

    void endScope() {
        scopeDepth--;
        while (!locals.isEmpty() && locals.get(locals.size() - 1).depth() > scopeDepth) locals.remove(locals.size() - 1);
    }
}
