package dev.shaperemote.bytecode;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Checks one function's code before it may run: every operand within its table, every jump onto an
 * instruction, and the stack height the same on every path into an instruction (never below zero).
 * Returns the deepest height, so the VM can size a frame once instead of checking on every push.
 */
final class Verifier {
    private Verifier() {}

    static int verify(FunctionProto p) {
        int[] code = p.code;
        boolean[] start = new boolean[code.length];
        for (int ip = 0; ip < code.length; ip += Op.length(code, ip)) {
            start[ip] = true;
            checkOperands(p, ip);
        }
        int[] height = new int[code.length];
        Arrays.fill(height, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        int max = 0;
        if (code.length == 0) throw fail(p, 0, "has no code");
        height[0] = 0;
        work.push(0);
        while (!work.isEmpty()) {
            int ip = work.pop();
            int h = height[ip];
            if (h < StackEffect.needs(code, ip)) throw fail(p, ip, "takes more values than the stack holds");
            int op = code[ip];
            int target = StackEffect.jumpTarget(code, ip);
            if (target >= 0) {
                if (target >= code.length || !start[target]) throw fail(p, ip, "jumps outside the code");
                max = Math.max(max, flow(p, height, work, target, h + StackEffect.onJump(code, ip)));
            }
            if (!StackEffect.ends(op)) {
                int next = ip + Op.length(code, ip);
                if (next >= code.length) throw fail(p, ip, "runs off the end of the code");
                max = Math.max(max, flow(p, height, work, next, h + StackEffect.fallThrough(code, ip)));
            }
        }
        return max + 1;
    }

    private static int flow(FunctionProto p, int[] height, ArrayDeque<Integer> work, int to, int h) {
        if (h < 0) throw fail(p, to, "pops an empty stack");
        if (height[to] == -1) {
            height[to] = h;
            work.push(to);
        } else if (height[to] != h) {
            throw fail(p, to, "is reached with different stack heights (" + height[to] + " and " + h + ")");
        }
        return h;
    }

    private static void checkOperands(FunctionProto p, int ip) {
        int[] c = p.code;
        switch (c[ip]) {
            case Op.CONST, Op.ADD_CONST, Op.SUB_CONST -> in(p, ip, c[ip + 1], p.constants.length, "constant");
            case Op.CMP_JUMP -> in(p, ip, c[ip + 1], 6, "comparison");
            case Op.CMP_LL_JUMP -> {
                in(p, ip, c[ip + 1], p.localsCount, "local");
                in(p, ip, c[ip + 2], p.localsCount, "local");
                in(p, ip, c[ip + 3], 6, "comparison");
            }
            case Op.CMP_LK_JUMP -> {
                in(p, ip, c[ip + 1], p.localsCount, "local");
                in(p, ip, c[ip + 2], p.constants.length, "constant");
                in(p, ip, c[ip + 3], 6, "comparison");
            }
            case Op.ADD_TO_LOCAL -> {
                in(p, ip, c[ip + 1], p.localsCount, "local");
                in(p, ip, c[ip + 2], p.localsCount, "local");
            }
            case Op.INC_LOCAL, Op.LOCAL_ADD_CONST, Op.LOCAL_SUB_CONST -> {
                in(p, ip, c[ip + 1], p.localsCount, "local");
                in(p, ip, c[ip + 2], p.constants.length, "constant");
            }
            case Op.LOAD_LOCAL, Op.STORE_LOCAL, Op.LOAD_CELL, Op.STORE_CELL, Op.NEW_CELL, Op.DEFAULT_ARG ->
                    in(p, ip, c[ip + 1], p.localsCount, "local");
            case Op.LOAD_UPVAL, Op.STORE_UPVAL -> in(p, ip, c[ip + 1], p.capturesCount, "capture");
            case Op.LOAD_NATIVE -> {
                in(p, ip, c[ip + 1], p.strings.length, "string");
                if (!Builtins.contains(p.strings[c[ip + 1]])) throw fail(p, ip, "names no builtin ('" + p.strings[c[ip + 1]] + "')");
            }
            case Op.LOAD_GLOBAL, Op.STORE_GLOBAL, Op.OBJECT_SET, Op.GET_FIELD, Op.GET_FIELD_OPT,
                 Op.SET_FIELD, Op.IS_VARIANT, Op.IS_TYPE, Op.CAST, Op.HAS_FIELD, Op.STRUCT -> in(p, ip, c[ip + 1], p.strings.length, "string");
            case Op.CALL_METHOD -> { in(p, ip, c[ip + 1], p.strings.length, "string"); count(p, ip, c[ip + 2]); }
            case Op.DEFINE_METHOD -> { in(p, ip, c[ip + 2], p.strings.length, "string"); in(p, ip, c[ip + 3], p.strings.length, "string"); }
            case Op.ENUM -> { in(p, ip, c[ip + 1], p.strings.length, "string"); in(p, ip, c[ip + 2], p.strings.length, "string"); count(p, ip, c[ip + 3]); }
            case Op.WITHOUT_FIELDS -> { for (int i = 0; i < c[ip + 1]; i++) in(p, ip, c[ip + 2 + i], p.strings.length, "string"); }
            case Op.CALL, Op.ARRAY, Op.FSTRING, Op.PAYLOAD, Op.SLICE_FROM -> count(p, ip, c[ip + 1]);
            case Op.CALL_FN -> count(p, ip, c[ip + 2]);
            case Op.LEN_AT_LEAST -> count(p, ip, c[ip + 1]);
            case Op.CLOSURE -> {
                int n = c[ip + 2];
                for (int i = 0; i < n; i++) {
                    int from = c[ip + 3 + 2 * i], idx = c[ip + 4 + 2 * i];
                    if (from == 1) in(p, ip, idx, p.localsCount, "local");
                    else if (from == 0) in(p, ip, idx, p.capturesCount, "capture");
                    else throw fail(p, ip, "captures from an unknown place");
                }
            }
            default -> { }
        }
    }

    private static void in(FunctionProto p, int ip, int value, int size, String what) {
        if (value < 0 || value >= size) throw fail(p, ip, "refers to " + what + " " + value + " of " + size);
    }

    private static void count(FunctionProto p, int ip, int n) {
        if (n < 0 || n > 65535) throw fail(p, ip, "has a count out of range");
    }

    private static LinkError fail(FunctionProto p, int ip, String what) {
        return new LinkError("function '" + p.name + "': instruction " + ip + " " + what);
    }
}
