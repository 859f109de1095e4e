package dev.shaperemote.bytecode;

/**
 * The instruction set: a stack machine whose code is an array of 32-bit words, each instruction an
 * opcode word followed by its operand words (counts in {@link #OPERANDS}). docs/BYTECODE.md
 * explains each one and why the machine is stack based.
 *
 * <p>Function operands ({@code fn} below) name another function: {@code fn >= 0} is an index into
 * the blob's {@code dependencies} (by content hash); {@code fn < 0} is the function named
 * {@code strings[-1 - fn]} in the same program, used only between members of one recursive
 * cycle, whose hashes cannot contain each other.
 */
public final class Op {
    private Op() {}

    public static final int CONST = 0;          // k            push constants[k]
    public static final int NONE = 1;           //              push None
    public static final int UNIT = 2;           //              push Unit
    public static final int TRUE = 3;
    public static final int FALSE = 4;
    public static final int POP = 5;
    public static final int DUP = 6;
    public static final int LOAD_LOCAL = 7;     // slot
    public static final int STORE_LOCAL = 8;    // slot         pop into local
    public static final int LOAD_CELL = 9;      // slot         local holds a Cell: push its value
    public static final int STORE_CELL = 10;    // slot         pop into the local's Cell
    public static final int NEW_CELL = 11;      // slot         pop into a fresh Cell stored in the local
    public static final int LOAD_UPVAL = 12;    // i            push captured cell i's value
    public static final int STORE_UPVAL = 13;   // i
    public static final int LOAD_GLOBAL = 14;   // s            global named strings[s] (the linker renumbers to a slot)
    public static final int STORE_GLOBAL = 15;  // s
    public static final int LOAD_FN = 16;       // fn           push a function value
    public static final int CLOSURE = 17;       // fn n (from idx)*n   from=1: enclosing local slot's cell, 0: enclosing upvalue
    public static final int LOAD_NATIVE = 18;   // s            push the builtin global named strings[s]
    public static final int ADD = 19;
    public static final int SUB = 20;
    public static final int MUL = 21;
    public static final int DIV = 22;
    public static final int MOD = 23;
    public static final int POW = 24;
    public static final int NEG = 25;
    public static final int NOT = 26;
    public static final int BIT_AND = 27;
    public static final int BIT_OR = 28;
    public static final int BIT_XOR = 29;
    public static final int BIT_NOT = 30;
    public static final int SHL = 31;
    public static final int SHR = 32;
    public static final int EQ = 33;
    public static final int NE = 34;
    public static final int LT = 35;
    public static final int LE = 36;
    public static final int GT = 37;
    public static final int GE = 38;
    public static final int JUMP = 39;          // target       absolute code index
    public static final int JUMP_IF_FALSE = 40; // target       pops the condition
    public static final int JUMP_IF_TRUE = 41;  // target       pops the condition
    public static final int AND = 42;           // target       falsy top: replace it with false and jump; else pop
    public static final int OR = 43;            // target       truthy top: replace it with true and jump; else pop
    public static final int COALESCE = 44;      // target       top not None: jump keeping it; else pop
    public static final int CALL = 45;          // argc         callee below the arguments
    public static final int CALL_FN = 46;       // fn argc      direct call of a known function
    public static final int CALL_METHOD = 47;   // s argc       receiver below the arguments
    public static final int RETURN = 48;
    public static final int ARRAY = 49;         // n            pop n values into a new array
    public static final int ARRAY_PUSH = 50;    //              pop value, push onto the array below it
    public static final int ARRAY_EXTEND = 51;  //              pop iterable, append all its items to the array below it
    public static final int OBJECT = 52;        //              push an empty object
    public static final int OBJECT_SET = 53;    // s            pop value, set field strings[s] of the object below it
    public static final int OBJECT_SPREAD = 54; //              pop object, copy its fields into the object below it
    public static final int GET_FIELD = 55;     // s
    public static final int SET_FIELD = 56;     // s            [obj value] -> sets, leaves value
    public static final int GET_INDEX = 57;     //              [obj idx] -> value
    public static final int SET_INDEX = 58;     //              [obj idx value] -> sets, leaves value
    public static final int RANGE = 59;         // flags        1: has start, 2: has end, 4: inclusive
    public static final int ITER = 60;          //              replace the top with an iterator over it
    public static final int ITER_NEXT = 61;     // target       iterator on top: push its next item, or pop it and jump when done
    public static final int TRY = 62;           //              Ok(v)/Some(v) -> v; Err/None -> return it from this function
    public static final int ENUM = 63;          // e v n        build enum strings[e]::strings[v] from n popped payload values
    public static final int IS_VARIANT = 64;    // s            pop value, push whether it is the variant named strings[s] (Some/Ok/Err/None or an enum variant)
    public static final int PAYLOAD = 65;      // i            pop a variant, push its payload item i
    public static final int IS_TYPE = 66;       // s            pop value, push whether its type is strings[s]
    public static final int CAST = 67;         // s            convert the top to type strings[s]
    public static final int LEN_AT_LEAST = 68;  // n exact      pop array, push whether its length is n (exact=1) or at least n (exact=0)
    public static final int SLICE_FROM = 69;    // i            pop array, push a copy of its items from i
    public static final int HAS_FIELD = 70;     // s            pop value, push whether it is an object with field strings[s]
    public static final int WITHOUT_FIELDS = 71;// n s*n        pop object, push a copy without the n named fields
    public static final int FSTRING = 72;       // n            pop n values, push their printed forms joined
    public static final int DEFAULT_ARG = 73;   // slot target  local holds a passed argument: jump over its default
    public static final int MATCH_FAIL = 74;    //              no arm matched: runtime error
    public static final int GET_FIELD_OPT = 75; // s            like GET_FIELD, None receiver gives None
    public static final int IS_NONE = 76;       //              pop, push whether None
    public static final int CMP_JUMP = 77;      // kind target  pop b and a; jump unless a <kind> b (0 <, 1 <=, 2 >, 3 >=, 4 ==, 5 !=)
    public static final int ADD_CONST = 78;     // k            top + constants[k]
    public static final int SUB_CONST = 79;     // k            top - constants[k]
    public static final int UNWRAP_SOME = 80;   //              Some(x) -> x; a bare present value stays (Option values are bare at run time)
    // Fused forms of common sequences (the compiler's peephole pass makes them; each equals its sequence):
    public static final int CMP_LL_JUMP = 81;   // a b kind target   LOAD_LOCAL a; LOAD_LOCAL b; CMP_JUMP kind target
    public static final int CMP_LK_JUMP = 82;   // a k kind target   LOAD_LOCAL a; CONST k; CMP_JUMP kind target
    public static final int INC_LOCAL = 83;     // a k               LOAD_LOCAL a; ADD_CONST k; STORE_LOCAL a
    public static final int LOCAL_ADD_CONST = 84; // a k             LOAD_LOCAL a; ADD_CONST k
    public static final int LOCAL_SUB_CONST = 85; // a k             LOAD_LOCAL a; SUB_CONST k
    public static final int ADD_TO_LOCAL = 86;  // a b               LOAD_LOCAL a; LOAD_LOCAL b; ADD; STORE_LOCAL a
    // Types and methods (docs/LANGUAGE.md, "Types, traits, impl and extend"):
    public static final int STRUCT = 87;        // s            push an empty object of the declared type strings[s]
    public static final int DEFINE_METHOD = 88; // fn t m       make function fn method strings[m] of type strings[t] for this run

    /** Number of operand words after each opcode; CLOSURE and WITHOUT_FIELDS have more (see {@link #length}). */
    public static final int[] OPERANDS = {
        1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        1, 1, 1, 1, 1, 1, 2, 2, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1,
        0, 1, 0, 3, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 0, 1, 0, 2, 1, 1,
        0, 4, 4, 2, 2, 2, 2, 1, 3,
    };

    public static final String[] NAMES = {
        "CONST", "NONE", "UNIT", "TRUE", "FALSE", "POP", "DUP", "LOAD_LOCAL", "STORE_LOCAL", "LOAD_CELL",
        "STORE_CELL", "NEW_CELL", "LOAD_UPVAL", "STORE_UPVAL", "LOAD_GLOBAL", "STORE_GLOBAL", "LOAD_FN", "CLOSURE", "LOAD_NATIVE", "ADD",
        "SUB", "MUL", "DIV", "MOD", "POW", "NEG", "NOT", "BIT_AND", "BIT_OR", "BIT_XOR",
        "BIT_NOT", "SHL", "SHR", "EQ", "NE", "LT", "LE", "GT", "GE", "JUMP",
        "JUMP_IF_FALSE", "JUMP_IF_TRUE", "AND", "OR", "COALESCE", "CALL", "CALL_FN", "CALL_METHOD", "RETURN", "ARRAY",
        "ARRAY_PUSH", "ARRAY_EXTEND", "OBJECT", "OBJECT_SET", "OBJECT_SPREAD", "GET_FIELD", "SET_FIELD", "GET_INDEX", "SET_INDEX", "RANGE",
        "ITER", "ITER_NEXT", "TRY", "ENUM", "IS_VARIANT", "PAYLOAD", "IS_TYPE", "CAST", "LEN_AT_LEAST", "SLICE_FROM",
        "HAS_FIELD", "WITHOUT_FIELDS", "FSTRING", "DEFAULT_ARG", "MATCH_FAIL", "GET_FIELD_OPT", "IS_NONE", "CMP_JUMP",
        "ADD_CONST", "SUB_CONST", "UNWRAP_SOME", "CMP_LL_JUMP", "CMP_LK_JUMP", "INC_LOCAL", "LOCAL_ADD_CONST",
        "LOCAL_SUB_CONST", "ADD_TO_LOCAL", "STRUCT", "DEFINE_METHOD",
    };

    /** Whether the instruction's first operand is a function operand ({@code fn}, docs/BYTECODE.md section 2). */
    public static boolean takesFunction(int op) {
        return op == LOAD_FN || op == CLOSURE || op == CALL_FN || op == DEFINE_METHOD;
    }

    /** Words the instruction at {@code code[ip]} occupies, opcode included; -1 when it is not a valid opcode. */
    public static int length(int[] code, int ip) {
        int op = code[ip];
        if (op < 0 || op >= OPERANDS.length) return -1;
        if (op == CLOSURE) return ip + 2 < code.length ? 3 + 2 * code[ip + 2] : -1;
        if (op == WITHOUT_FIELDS) return ip + 1 < code.length ? 2 + code[ip + 1] : -1;
        return 1 + OPERANDS[op];
    }
}
