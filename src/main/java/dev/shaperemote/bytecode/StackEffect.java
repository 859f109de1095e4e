package dev.shaperemote.bytecode;

/**
 * How each instruction changes the operand stack's height. The compiler tracks heights with it as it
 * emits, and the verifier checks every blob it links with the same numbers, so the two cannot drift.
 */
public final class StackEffect {
    private StackEffect() {}

    /** Height change when execution falls through to the next instruction. */
    public static int fallThrough(int[] code, int ip) {
        int op = code[ip];
        return switch (op) {
            case Op.CONST, Op.NONE, Op.UNIT, Op.TRUE, Op.FALSE, Op.DUP, Op.LOAD_LOCAL, Op.LOAD_CELL,
                 Op.LOCAL_ADD_CONST, Op.LOCAL_SUB_CONST,
                 Op.LOAD_UPVAL, Op.LOAD_GLOBAL, Op.LOAD_FN, Op.CLOSURE, Op.LOAD_NATIVE, Op.OBJECT, Op.STRUCT -> 1;
            case Op.POP, Op.STORE_LOCAL, Op.STORE_CELL, Op.NEW_CELL, Op.STORE_UPVAL, Op.STORE_GLOBAL,
                 Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MOD, Op.POW, Op.BIT_AND, Op.BIT_OR, Op.BIT_XOR,
                 Op.SHL, Op.SHR, Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.JUMP_IF_FALSE,
                 Op.JUMP_IF_TRUE, Op.AND, Op.OR, Op.COALESCE, Op.ARRAY_PUSH, Op.ARRAY_EXTEND,
                 Op.OBJECT_SET, Op.OBJECT_SPREAD, Op.SET_FIELD, Op.GET_INDEX -> -1;
            case Op.SET_INDEX, Op.CMP_JUMP -> -2;
            case Op.CALL -> -code[ip + 1];
            case Op.CALL_FN -> 1 - code[ip + 2];
            case Op.CALL_METHOD -> -code[ip + 2];
            case Op.ARRAY, Op.FSTRING -> 1 - code[ip + 1];
            case Op.ENUM -> 1 - code[ip + 3];
            case Op.RANGE -> 1 - Integer.bitCount(code[ip + 1] & 3);
            case Op.ITER_NEXT -> 1;
            default -> 0; // NEG, NOT, BIT_NOT, JUMP, GET_FIELD, ITER, TRY, IS_*, PAYLOAD, CAST, ... keep the height
        };
    }

    /** Height change when the instruction jumps to its target (only for instructions that can jump). */
    public static int onJump(int[] code, int ip) {
        return switch (code[ip]) {
            case Op.JUMP, Op.AND, Op.OR, Op.COALESCE, Op.DEFAULT_ARG, Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> 0;
            case Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE, Op.ITER_NEXT -> -1;
            case Op.CMP_JUMP -> -2;
            default -> throw new IllegalArgumentException(Op.NAMES[code[ip]] + " does not jump");
        };
    }

    /** Code index the instruction may jump to, or -1 when it never jumps. */
    public static int jumpTarget(int[] code, int ip) {
        return switch (code[ip]) {
            case Op.JUMP, Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE, Op.AND, Op.OR, Op.COALESCE, Op.ITER_NEXT -> code[ip + 1];
            case Op.DEFAULT_ARG, Op.CMP_JUMP -> code[ip + 2];
            case Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> code[ip + 4];
            default -> -1;
        };
    }

    /** Whether execution never continues to the next instruction. */
    public static boolean ends(int op) { return op == Op.RETURN || op == Op.JUMP || op == Op.MATCH_FAIL; }

    /** Values the instruction needs on the stack before it runs. */
    public static int needs(int[] code, int ip) {
        return switch (code[ip]) {
            case Op.POP, Op.DUP, Op.STORE_LOCAL, Op.STORE_CELL, Op.NEW_CELL, Op.STORE_UPVAL, Op.STORE_GLOBAL,
                 Op.NEG, Op.NOT, Op.BIT_NOT, Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE, Op.AND, Op.OR, Op.COALESCE,
                 Op.RETURN, Op.GET_FIELD, Op.GET_FIELD_OPT, Op.ITER, Op.ITER_NEXT, Op.TRY, Op.IS_VARIANT,
                 Op.PAYLOAD, Op.IS_TYPE, Op.CAST, Op.LEN_AT_LEAST, Op.SLICE_FROM, Op.HAS_FIELD,
                 Op.WITHOUT_FIELDS, Op.IS_NONE, Op.ADD_CONST, Op.SUB_CONST, Op.UNWRAP_SOME -> 1;
            case Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MOD, Op.POW, Op.BIT_AND, Op.BIT_OR, Op.BIT_XOR, Op.SHL,
                 Op.SHR, Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.ARRAY_PUSH, Op.ARRAY_EXTEND,
                 Op.OBJECT_SET, Op.OBJECT_SPREAD, Op.SET_FIELD, Op.GET_INDEX, Op.CMP_JUMP -> 2;
            case Op.SET_INDEX -> 3;
            case Op.CALL -> code[ip + 1] + 1;
            case Op.CALL_FN -> code[ip + 2];
            case Op.CALL_METHOD -> code[ip + 2] + 1;
            case Op.ARRAY, Op.FSTRING -> code[ip + 1];
            case Op.ENUM -> code[ip + 3];
            case Op.RANGE -> Integer.bitCount(code[ip + 1] & 3);
            default -> 0;
        };
    }
}
