package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PeepholeTest {
    @Test
    void fusesALoopsCompareAndIncrementAndRenumbersJumpsAndLines() {
        int[] code = {
            Op.LOAD_LOCAL, 0, Op.CONST, 1, Op.CMP_JUMP, 0, 15,   // 0: while local0 < k1
            Op.LOAD_LOCAL, 0, Op.ADD_CONST, 2, Op.STORE_LOCAL, 0, // 7: local0 = local0 + k2
            Op.JUMP, 0,                                           // 13
            Op.UNIT, Op.RETURN,                                   // 15
        };
        List<int[]> sourceMap = new ArrayList<>(List.of(new int[] {7, 2, 1}, new int[] {15, 3, 1}));
        int[] fused = Peephole.fuse(code, sourceMap);
        assertArrayEquals(new int[] {
            Op.CMP_LK_JUMP, 0, 1, 0, 10,
            Op.INC_LOCAL, 0, 2,
            Op.JUMP, 0,
            Op.UNIT, Op.RETURN,
        }, fused);
        assertEquals(5, sourceMap.get(0)[0]);
        assertEquals(10, sourceMap.get(1)[0]);
    }

    @Test
    void fusesASequenceThatStartsAtAJumpTarget() {
        int[] code = {Op.TRUE, Op.JUMP_IF_TRUE, 3, Op.LOAD_LOCAL, 0, Op.SUB_CONST, 0, Op.RETURN};
        assertArrayEquals(new int[] {Op.TRUE, Op.JUMP_IF_TRUE, 3, Op.LOCAL_SUB_CONST, 0, 0, Op.RETURN},
                Peephole.fuse(code, new ArrayList<>()));
    }

    @Test
    void neverFusesASequenceAJumpLandsInside() {
        int[] code = {Op.TRUE, Op.JUMP_IF_TRUE, 5, Op.LOAD_LOCAL, 0, Op.SUB_CONST, 0, Op.RETURN};
        assertArrayEquals(code, Peephole.fuse(code.clone(), new ArrayList<>()));
    }
}
