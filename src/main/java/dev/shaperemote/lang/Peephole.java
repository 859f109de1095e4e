package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Op;
import dev.shaperemote.bytecode.StackEffect;

import java.util.Arrays;
import java.util.List;

/**
 * Fuses the commonest instruction sequences (a local compared and branched on, a counter
 * incremented, a local plus a constant) into single instructions, so hot loops and recursive calls
 * dispatch less. A sequence is fused only when no jump lands inside it; jump targets and the
 * source map are renumbered afterwards.
 */
final class Peephole {
    private Peephole() {}

    /** The fused code; {@code sourceMap} entries are renumbered in place. */
    static int[] fuse(int[] code, List<int[]> sourceMap) {
        boolean[] target = new boolean[code.length + 1];
        for (int ip = 0; ip < code.length; ip += Op.length(code, ip)) {
            int t = StackEffect.jumpTarget(code, ip);
            if (t >= 0 && t <= code.length) target[t] = true;
        }
        int[] out = new int[code.length];
        int[] map = new int[code.length + 1];
        int n = 0;
        for (int ip = 0; ip < code.length; ) {
            int len = Op.length(code, ip);
            int next = ip + len;
            int start = n;
            int fusedLength = 0;
            if (code[ip] == Op.LOAD_LOCAL && next < code.length && !target[next]) {
                int a = code[ip + 1];
                int op2 = code[next];
                int third = next + Op.length(code, next);
                boolean thirdFree = third < code.length && !target[third];
                int fourth = thirdFree ? third + Op.length(code, third) : -1;
                if (op2 == Op.LOAD_LOCAL && thirdFree && code[third] == Op.ADD && fourth < code.length && !target[fourth]
                        && code[fourth] == Op.STORE_LOCAL && code[fourth + 1] == a) {
                    out[n] = Op.ADD_TO_LOCAL;
                    out[n + 1] = a;
                    out[n + 2] = code[next + 1];
                    fusedLength = fourth + 2 - ip;
                    n += 3;
                } else if ((op2 == Op.LOAD_LOCAL || op2 == Op.CONST) && thirdFree && code[third] == Op.CMP_JUMP) {
                    out[n] = op2 == Op.LOAD_LOCAL ? Op.CMP_LL_JUMP : Op.CMP_LK_JUMP;
                    out[n + 1] = a;
                    out[n + 2] = code[next + 1];
                    out[n + 3] = code[third + 1];
                    out[n + 4] = code[third + 2];
                    fusedLength = third + 3 - ip;
                    n += 5;
                } else if (op2 == Op.ADD_CONST && thirdFree && code[third] == Op.STORE_LOCAL && code[third + 1] == a) {
                    out[n] = Op.INC_LOCAL;
                    out[n + 1] = a;
                    out[n + 2] = code[next + 1];
                    fusedLength = third + 2 - ip;
                    n += 3;
                } else if (op2 == Op.ADD_CONST || op2 == Op.SUB_CONST) {
                    out[n] = op2 == Op.ADD_CONST ? Op.LOCAL_ADD_CONST : Op.LOCAL_SUB_CONST;
                    out[n + 1] = a;
                    out[n + 2] = code[next + 1];
                    fusedLength = next + 2 - ip;
                    n += 3;
                }
            }
            if (fusedLength > 0) {
                for (int i = ip; i < ip + fusedLength; i++) map[i] = start;
                ip += fusedLength;
            } else {
                map[ip] = n;
                System.arraycopy(code, ip, out, n, len);
                for (int i = ip + 1; i < next; i++) map[i] = n;
                n += len;
                ip = next;
            }
        }
        map[code.length] = n;
        int[] fused = Arrays.copyOf(out, n);
        for (int ip = 0; ip < fused.length; ip += Op.length(fused, ip)) {
            int op = fused[ip];
            int at = switch (op) {
                case Op.JUMP, Op.JUMP_IF_FALSE, Op.JUMP_IF_TRUE, Op.AND, Op.OR, Op.COALESCE, Op.ITER_NEXT -> ip + 1;
                case Op.DEFAULT_ARG, Op.CMP_JUMP -> ip + 2;
                case Op.CMP_LL_JUMP, Op.CMP_LK_JUMP -> ip + 4;
                default -> -1;
            };
            if (at >= 0) fused[at] = map[fused[at]];
        }
        for (int[] entry : sourceMap) entry[0] = entry[0] <= code.length ? map[entry[0]] : entry[0];
        return fused;
    }
}
