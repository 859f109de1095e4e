package dev.shaperemote.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.LinkError;
import dev.shaperemote.bytecode.Linker;

/**
 * The VM on arbitrary code that passes the verifier: a few function blobs in {@link BlobInput}'s
 * format are linked (blobs the linker or verifier refuses are skipped: that surface is
 * {@link FuzzLinkerTest}'s), then the last one is called under {@link FuzzChecks#BUDGETS}. The only
 * outcomes allowed are a value or a ShapeError; the verifier promises that verified code cannot
 * make the VM index outside its tables or stack.
 */
class FuzzVmTest {
    @FuzzTest(maxDuration = "10s")
    void run(byte[] data) {
        BlobInput.Decoded in = BlobInput.read(data);
        BytecodeProgram program;
        try {
            program = Linker.link(in.blobs(), null);
        } catch (LinkError e) {
            return;
        }
        var entry = program.byHash(in.entry().contentHash());
        Object[] upvalues = null;
        if (entry.capturesCount > 0) {
            upvalues = new Object[entry.capturesCount];
            for (int i = 0; i < upvalues.length; i++) upvalues[i] = (long) i;
        }
        FuzzChecks.run(program, entry, in.args(), upvalues);
    }
}
