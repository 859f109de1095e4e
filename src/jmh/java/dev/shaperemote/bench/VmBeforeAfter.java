package dev.shaperemote.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Before and after on a busy machine: loads {@link VmBench} from two benchmarks jars, each in its own class
 * loader in one JVM, and times their Shape runs of a workload in alternation (A B, then B A), so load that
 * comes and goes while it runs hits both sides alike. Prints, per workload, each side's median and fastest
 * run and the median of the per-round ratios after / before. Not a JMH benchmark: a tool for comparing two
 * builds when JMH's separate runs are too far apart in time to compare.
 *
 * <pre>java -Xms2g -Xmx2g -cp target/benchmarks.jar dev.shaperemote.bench.VmBeforeAfter BEFORE.jar AFTER.jar fib,sum 20</pre>
 */
public final class VmBeforeAfter {
    private VmBeforeAfter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: VmBeforeAfter BEFORE.jar AFTER.jar WORKLOAD[,WORKLOAD...] ROUNDS");
            System.exit(2);
        }
        String[] sides = {args[0], args[1]};
        int rounds = Integer.parseInt(args[3]);
        System.out.println("| workload | before: median / fastest ms | after: median / fastest ms | after / before (median of rounds) |");
        System.out.println("|---|---:|---:|---:|");
        for (String workload : args[2].split(",")) {
            Object[] bench = new Object[2];
            Method[] shape = new Method[2];
            for (int s = 0; s < 2; s++) {
                ClassLoader loader = new URLClassLoader(new URL[] {Path.of(sides[s]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                Class<?> c = Class.forName(VmBench.class.getName(), true, loader);
                bench[s] = c.getConstructor().newInstance();
                c.getField("workload").set(bench[s], workload);
                c.getMethod("setup").invoke(bench[s]); // also checks both give the expected result
                shape[s] = c.getMethod("shape");
            }
            // Warm-up: at least 5 runs and 3 s a side, so the JIT has compiled both before anything is timed.
            long warm = System.nanoTime() + 6_000_000_000L;
            for (int i = 0; i < 5 || System.nanoTime() < warm; i++) for (int s = 0; s < 2; s++) shape[s].invoke(bench[s]);
            double[][] ms = new double[2][rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int s = r % 2 == 0 ? k : 1 - k;
                    long t0 = System.nanoTime();
                    shape[s].invoke(bench[s]);
                    ms[s][r] = (System.nanoTime() - t0) / 1e6;
                }
                ratio[r] = ms[1][r] / ms[0][r];
            }
            System.out.printf("| %s | %.1f / %.1f | %.1f / %.1f | %.2f |%n", workload, median(ms[0]), min(ms[0]),
                    median(ms[1]), min(ms[1]), median(ratio));
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] xs) { return Arrays.stream(xs).min().orElse(Double.NaN); }
}
