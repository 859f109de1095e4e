package dev.shaperemote.bench;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Op;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.jit.Jit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What compiling one function costs: a blob of about 100 instructions (arithmetic, a loop, branches, a
 * call) turned into a hidden class, defined and instantiated, each time a new class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JitCompileBench {
    private FunctionProto f;
    public int instructions;

    /** The program whose {@code f} is compiled (also {@link JitCompileCpu}'s). */
    static String source() {
        StringBuilder body = new StringBuilder("fn h(x) { x + 1 }\nfn f(a, b) {\n  let mut s = 0\n  let mut i = 0\n  while i < a {\n");
        for (int k = 0; k < 9; k++) body.append("    s = s + (i * ").append(k + 2).append(" - b) % 7\n");
        body.append("    if s > 1000 { s = s - h(b) } else { s = s + 1 }\n    i = i + 1\n  }\n  s\n}\nf(10, 3)\n");
        return body.toString();
    }

    @Setup(Level.Trial)
    public void setup() {
        f = Linker.link(ShapeCompiler.compile(source())).byName("f").get(0);
        for (int ip = 0; ip < f.code.length; ip += Op.length(f.code, ip)) instructions++;
        if (Jit.compileFresh(f) == null) throw new IllegalStateException("not compiled: " + Jit.refusal(f));
        System.out.println("\n[JitCompileBench] f has " + instructions + " instructions");
    }

    @Benchmark
    public Object compile() {
        return Jit.compileFresh(f);
    }
}
