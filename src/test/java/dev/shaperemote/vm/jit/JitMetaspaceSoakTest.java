package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak of issue 14: compiles {@code -Dshape.jit.soak=N} distinct small functions, one program each, and checks
 * that metaspace stays bounded, because the hidden class of a function nobody uses any more unloads. Off in the
 * normal build (a million take minutes); docs/BENCHMARKS.md has the command and what one run showed.
 */
@EnabledIfSystemProperty(named = "shape.jit.soak", matches = "[0-9]+")
class JitMetaspaceSoakTest {
    /** Slack over the level after the first tenth: what GC timing and the JVM's own classes may add. */
    static final long SLACK_BYTES = 32L << 20;

    @Test
    void metaspaceStaysBoundedOverManyDistinctCompiledFunctions() {
        int n = Integer.getInteger("shape.jit.soak");
        int tenth = Math.max(1, n / 10);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long unloadedBefore = classes.getUnloadedClassCount();
        long level = -1, highest = 0;
        for (int i = 0; i < n; i++) {
            BytecodeProgram p = Linker.link(ShapeCompiler.compile("fn f(x) { x * " + i + " + 1 }\nf(2)"));
            assertNotNull(Jit.compile(p.byName("f").get(0)), "function " + i + " did not compile");
            if ((i + 1) % tenth == 0) {
                long used = metaspaceAfterGc();
                if (level < 0) level = used; // after the first tenth the class cache is full: the level to keep
                highest = Math.max(highest, used);
                System.out.printf("soak: %,d compiled, metaspace %,d KiB, classes unloaded %,d%n",
                        i + 1, used >> 10, classes.getUnloadedClassCount() - unloadedBefore);
            }
        }
        assertTrue(Jit.cachedClasses() <= Jit.CACHE_SIZE, "the class cache holds " + Jit.cachedClasses());
        long unloaded = metaspaceAfterGc() >= 0 ? classes.getUnloadedClassCount() - unloadedBefore : 0;
        assertTrue(unloaded >= n - Jit.CACHE_SIZE - tenth, "only " + unloaded + " of " + n + " compiled classes unloaded");
        assertTrue(highest <= level + SLACK_BYTES, String.format(
                "metaspace grew from %,d KiB after %,d functions to %,d KiB: compiled classes are not unloading",
                level >> 10, tenth, highest >> 10));
    }

    private static long metaspaceAfterGc() {
        System.gc();
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) return pool.getUsage().getUsed();
        }
        throw new AssertionError("this JVM reports no Metaspace pool");
    }
}
