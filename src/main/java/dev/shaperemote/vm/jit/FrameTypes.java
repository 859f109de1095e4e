package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Op;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The kind of every local and operand of one compiled variant of a function, found by running its
 * code abstractly: locals have one kind for the whole function (their stores joined), operands one
 * kind per instruction (paths that meet with different kinds meet as ANY). It also decides which
 * instructions the compiler handles: anything else is {@link Refused}.
 */
final class FrameTypes {
    /** Kind of each local. */
    final Kind[] locals;
    /** Operand kinds on entry to each instruction (bottom first); null where unreachable. */
    final Kind[][] stackAt;
    /** Kinds the variant returns, joined (null if it never returns). */
    Kind returns;

    private final FunctionProto f;
    /** What a call of this same function with int arguments gives (the int-specialised variant's return), null: no such variant. */
    private final Kind selfIntReturn;

    private FrameTypes(FunctionProto f, Kind[] params, Kind selfIntReturn) {
        this.f = f;
        this.selfIntReturn = selfIntReturn;
        this.locals = new Kind[f.localsCount];
        System.arraycopy(params, 0, locals, 0, params.length);
        this.stackAt = new Kind[f.code.length][];
    }

    /** Types {@code f} for arguments of kinds {@code params}; a self call with all-int arguments returns {@code selfIntReturn}. */
    static FrameTypes of(FunctionProto f, Kind[] params, Kind selfIntReturn) throws Refused {
        FrameTypes t = new FrameTypes(f, params, selfIntReturn);
        // Locals' kinds only widen, so this ends after at most (locals x kinds) rounds.
        while (t.round()) {
            Arrays.fill(t.stackAt, null);
            t.returns = null;
        }
        return t;
    }

    /** One pass over the code; true when a local's kind widened, and the pass must be run again. */
    private boolean round() throws Refused {
        int[] code = f.code;
        boolean widened = false;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        stackAt[0] = new Kind[0];
        work.add(0);
        while (!work.isEmpty()) {
            int ip = work.poll();
            Kind[] in = stackAt[ip];
            Step s = step(ip, in);
            if (s.store >= 0) {
                Kind k = Kind.join(locals[s.store], s.storeKind);
                if (k != locals[s.store]) {
                    locals[s.store] = k;
                    widened = true;
                }
            }
            if (s.next != null) flow(ip + Op.length(code, ip), s.next, work);
            if (s.jump != null) flow(s.target, s.jump, work);
        }
        for (int i = 0; i < locals.length; i++) if (locals[i] == null) locals[i] = Kind.ANY;
        return widened;
    }

    private void flow(int to, Kind[] state, ArrayDeque<Integer> work) throws Refused {
        if (to < 0 || to >= stackAt.length) throw new Refused("jump out of the code");
        Kind[] old = stackAt[to];
        if (old == null) {
            stackAt[to] = state;
            work.add(to);
            return;
        }
        if (old.length != state.length) throw new Refused("operand depths differ at " + to);
        Kind[] joined = old.clone();
        boolean changed = false;
        for (int i = 0; i < joined.length; i++) {
            Kind k = Kind.join(old[i], state[i]);
            if (k != old[i]) { joined[i] = k; changed = true; }
        }
        if (changed) {
            stackAt[to] = joined;
            work.add(to);
        }
    }

    /** The effect of one instruction: the operands after it when it falls through and when it jumps, and the local it stores. */
    static final class Step {
        Kind[] next;
        Kind[] jump;
        int target = -1;
        int store = -1;
        Kind storeKind;
        Kind returned;
    }

    Step step(int ip, Kind[] in) throws Refused {
        int[] code = f.code;
        Step s = new Step();
        int n = in.length;
        switch (code[ip]) {
            case Op.CONST -> s.next = push(in, constKind(code[ip + 1]));
            case Op.NONE, Op.UNIT -> s.next = push(in, Kind.ANY);
            case Op.TRUE, Op.FALSE -> s.next = push(in, Kind.BOOL);
            case Op.POP -> s.next = pop(in, 1);
            case Op.DUP -> s.next = push(in, top(in));
            case Op.LOAD_LOCAL -> s.next = push(in, local(code[ip + 1]));
            case Op.STORE_LOCAL -> { store(s, code[ip + 1], top(in)); s.next = pop(in, 1); }
            case Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MOD -> s.next = push(pop(in, 2), arith(at(in, n - 2), at(in, n - 1)));
            case Op.NEG -> s.next = push(pop(in, 1), top(in).numeric() ? top(in) : Kind.ANY);
            case Op.NOT -> s.next = push(pop(in, 1), Kind.BOOL);
            case Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE -> s.next = push(pop(in, 2), Kind.BOOL);
            case Op.JUMP -> { s.jump = in; s.target = code[ip + 1]; }
            case Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE -> { top(in); s.next = s.jump = pop(in, 1); s.target = code[ip + 1]; }
            case Op.AND, Op.OR -> {
                top(in);
                s.next = pop(in, 1);
                s.jump = push(pop(in, 1), Kind.BOOL);
                s.target = code[ip + 1];
            }
            case Op.CMP_JUMP -> { at(in, n - 2); s.next = s.jump = pop(in, 2); s.target = code[ip + 2]; }
            case Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> {
                local(code[ip + 1]);
                if (code[ip] == Op.CMP_LL_JUMP) local(code[ip + 2]); else constKind(code[ip + 2]);
                s.next = s.jump = in;
                s.target = code[ip + 4];
            }
            case Op.ADD_CONST, Op.SUB_CONST -> s.next = push(pop(in, 1), arith(top(in), constKind(code[ip + 1])));
            case Op.LOCAL_ADD_CONST, Op.LOCAL_SUB_CONST -> s.next = push(in, arith(local(code[ip + 1]), constKind(code[ip + 2])));
            case Op.INC_LOCAL -> { store(s, code[ip + 1], arith(local(code[ip + 1]), constKind(code[ip + 2]))); s.next = in; }
            case Op.ADD_TO_LOCAL -> { store(s, code[ip + 1], arith(local(code[ip + 1]), local(code[ip + 2]))); s.next = in; }
            case Op.CALL_FN -> {
                FunctionProto target = callee(code[ip + 1]);
                int argc = code[ip + 2];
                if (target == null || argc != target.arity || target.capturesCount != 0) throw new Refused("call of an unlinked or closure function, or with defaults");
                if (argc > n) throw new Refused("call deeper than the operands");
                s.next = push(pop(in, argc), callsIntVariant(ip, in) ? selfIntReturn : Kind.ANY);
            }
            case Op.RETURN -> { s.returned = top(in); returns = Kind.join(returns, s.returned); }
            default -> throw new Refused("instruction " + Op.NAMES[code[ip]] + " is interpreted only");
        }
        return s;
    }

    /** Whether the CALL_FN at {@code ip}, with operands {@code in}, calls this same function's int variant directly. */
    boolean callsIntVariant(int ip, Kind[] in) {
        int argc = f.code[ip + 2];
        if (selfIntReturn == null || callee(f.code[ip + 1]) != f || argc == 0) return false;
        for (int i = in.length - argc; i < in.length; i++) if (in[i] != Kind.INT) return false;
        return true;
    }

    FunctionProto callee(int ref) {
        return f.refs == null || ref < 0 || ref >= f.refs.length ? null : f.refs[ref];
    }

    Kind constKind(int k) throws Refused {
        if (k < 0 || k >= f.constants.length) throw new Refused("constant out of range");
        Object c = f.constants[k];
        if (c instanceof Long) return Kind.INT;
        if (c instanceof Double) return Kind.NUM;
        if (c instanceof Boolean) return Kind.BOOL;
        return Kind.ANY;
    }

    static Kind arith(Kind a, Kind b) {
        if (a == Kind.INT && b == Kind.INT) return Kind.INT;
        if (a.numeric() && b.numeric()) return Kind.NUM;
        return Kind.ANY;
    }

    private Kind local(int slot) throws Refused {
        if (slot < 0 || slot >= locals.length) throw new Refused("local out of range");
        return locals[slot] == null ? Kind.ANY : locals[slot];
    }

    private void store(Step s, int slot, Kind k) throws Refused {
        local(slot);
        s.store = slot;
        s.storeKind = k;
    }

    private static Kind top(Kind[] in) throws Refused { return at(in, in.length - 1); }

    private static Kind at(Kind[] in, int i) throws Refused {
        if (i < 0) throw new Refused("operand stack underflow");
        return in[i];
    }

    private static Kind[] push(Kind[] in, Kind k) {
        Kind[] out = Arrays.copyOf(in, in.length + 1);
        out[in.length] = k;
        return out;
    }

    private static Kind[] pop(Kind[] in, int n) throws Refused {
        if (n > in.length) throw new Refused("operand stack underflow");
        return Arrays.copyOf(in, in.length - n);
    }
}
