package dev.shaperemote.fuzz;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.Values;
import dev.shaperemote.wire.ValueCodec;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What every fuzz target shares: small limits, so one input runs in milliseconds and a bug shows as
 * a wrong exception instead of a slow run, and the checks on a VM run's outcome.
 *
 * <p>A target lets only the documented errors through its {@code catch}; anything else (another
 * RuntimeException, a StackOverflowError, an OutOfMemoryError) propagates and Jazzer reports it as
 * a finding. A run that takes too long despite its budgets is a finding too: CPU time past {@link #CPU_NANOS} (libFuzzer's {@code -timeout} is the backstop for a run that never ends).
 */
final class FuzzChecks {
    /** Small enough that a run is bounded in milliseconds, large enough for real programs to finish. */
    static final Budgets BUDGETS = new Budgets(200_000, 1L << 20, 64, 4096);
    /** Decoder ceilings: small, so the size checks themselves are exercised. */
    static final WireLimits LIMITS = new WireLimits(32, 1 << 20, 1 << 20);
    /**
     * Most CPU time a budgeted run may take: far above what 200 000 instructions need, even under
     * Jazzer's instrumentation. CPU time, not wall-clock, so a loaded machine does not make findings.
     */
    static final long CPU_NANOS = 3_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FuzzChecks() {}

    /**
     * Calls {@code f} under {@link #BUDGETS}; a ShapeError is a documented outcome. A value is then
     * displayed and encoded as the worker would answer with it; both must work or fail with a
     * documented error, and what was encoded must decode again.
     */
    static void run(BytecodeProgram program, FunctionProto f, Object[] args, Object[] upvalues) {
        Interpreter vm = new Interpreter(program, BUDGETS);
        long start = THREADS.getCurrentThreadCpuTime();
        Object value;
        try {
            value = vm.call(f, args, upvalues);
        } catch (ShapeError e) {
            return;
        } finally {
            long took = THREADS.getCurrentThreadCpuTime() - start;
            if (took > CPU_NANOS) {
                throw new AssertionError("a budgeted run took " + took / 1_000_000 + " ms of CPU (" + vm.instructionsExecuted()
                        + " instructions)");
            }
        }
        checkValue(value);
    }

    /** Renders and encodes a result value; documented failures only, and the encoding must decode. */
    static void checkValue(Object value) {
        try {
            Values.display(value);
        } catch (ShapeError e) {
            // documented: e.g. a value nested too deeply to display
        }
        byte[] encoded;
        try {
            encoded = ValueCodec.encode(value);
        } catch (WireException | ShapeError e) {
            return; // values without a wire form, or nested past the depth limit
        }
        ValueCodec.decode(encoded, WireLimits.DEFAULT); // what we encode, we must read back
    }
}
