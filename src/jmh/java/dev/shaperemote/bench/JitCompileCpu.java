package dev.shaperemote.bench;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.jit.Jit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link JitCompileBench}'s compilation timed in this thread's CPU time rather than wall-clock time: on a
 * machine shared with other work, wall-clock scores move with the others' load, while the CPU time the
 * compiling thread spends moves much less (the collector's and HotSpot's own threads are not counted, so
 * this is a floor, not the whole cost). Uses only {@link Jit#compileFresh}, so it runs against an older
 * build too: {@code java -cp <this class's dir>:<benchmarks jar> dev.shaperemote.bench.JitCompileCpu}.
 * Prints the median and the fastest of the batches' CPU time per compilation.
 */
public final class JitCompileCpu {
    private JitCompileCpu() {}

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 20, perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        FunctionProto f = Linker.link(ShapeCompiler.compile(JitCompileBench.source())).byName("f").get(0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5 * perBatch; i++) Jit.compileFresh(f); // warm-up: ASM and the emitter compiled by HotSpot
        double[] us = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < perBatch; i++) Jit.compileFresh(f);
            us[b] = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / perBatch;
        }
        Arrays.sort(us);
        System.out.printf("compile CPU time per function: median %.0f us, fastest batch %.0f us (%d batches of %d)%n", us[batches / 2], us[0], batches, perBatch);
    }
}
