package dev.shaperemote.bench;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The VM's speed benchmark: the same algorithms on the Shape VM, on LuaJ 3.0.1's interpreter
 * (LuaJC is not on the class path, so Lua source runs on the LuaJ bytecode interpreter) and in plain Java.
 *
 * <ul>
 *   <li>{@code fib}: naive recursive fib(30).</li>
 *   <li>{@code sum}: a while loop summing the ints 0 .. 10 000 000 - 1.</li>
 *   <li>{@code mfr}: build a 1 000 000-element array by pushing 0 .. n-1, then map (x*2) into a new array,
 *       filter (x % 3 == 0) into a new array, reduce (+, 0). Building the array is part of the measured work.</li>
 *   <li>{@code str}: build a 1 MiB string by pushing 131 072 eight-byte pieces into an array and joining them
 *       ({@code join("")} / {@code table.concat} / {@code String.join}), linear time in all three.</li>
 *   <li>{@code map}: build a 100 000-entry map from int keys in a loop ({@code m = m.set(i, i * 2)}, Shape's
 *       maps being persistent; a Lua table; a {@code HashMap}), then sum a lookup of every key.</li>
 * </ul>
 *
 * Each engine compiles (Shape: compile + link; Lua: load) once per trial in setup; the benchmark runs the
 * whole program on a fresh {@link Interpreter} (Shape) or calls the loaded chunk (Lua). Setup runs every
 * engine once and fails the trial unless all three agree with the expected value, so a wrong VM cannot look fast.
 *
 * <pre>
 * mvn -Pbench package -DskipTests
 * java -jar target/benchmarks.jar VmBench -f 2 -wi 5 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class VmBench {

    @Param({"fib", "sum", "mfr", "str", "map"})
    public String workload;

    private BytecodeProgram shapeProgram;
    private BytecodeProgram compiledProgram;
    private Budgets budgets;
    private LuaValue luaChunk;
    private Supplier<Object> javaWorkload;

    // ---------------------------------------------------------------- Shape sources

    static final String SHAPE_FIB = """
            fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fib(30)
            """;

    static final String SHAPE_SUM = """
            fn sum(n) {
              let mut s = 0
              let mut i = 0
              while i < n {
                s = s + i
                i = i + 1
              }
              s
            }
            sum(10000000)
            """;

    static final String SHAPE_MFR = """
            fn run(n) {
              let mut arr = []
              for i in 0..n {
                arr.push(i)
              }
              arr.map(|x| x * 2).filter(|x| x % 3 == 0).reduce(|acc, x| acc + x, 0)
            }
            run(1000000)
            """;

    static final String SHAPE_STR = """
            fn build(n) {
              let mut parts = []
              for i in 0..n {
                parts.push("abcdefgh")
              }
              parts.join("")
            }
            build(131072).len()
            """;

    static final String SHAPE_MAP = """
            fn run(n) {
              let mut m = HashMap()
              for i in 0..n { m = m.set(i, i * 2) }
              let mut s = 0
              for i in 0..n { s = s + m.get(i) }
              s
            }
            run(100000)
            """;

    // ---------------------------------------------------------------- Lua sources (same algorithms)

    static final String LUA_FIB = """
            local function fib(n)
              if n < 2 then return n else return fib(n - 1) + fib(n - 2) end
            end
            return fib(30)
            """;

    static final String LUA_SUM = """
            local function sum(n)
              local s = 0
              local i = 0
              while i < n do
                s = s + i
                i = i + 1
              end
              return s
            end
            return sum(10000000)
            """;

    static final String LUA_MFR = """
            local function map(t, f)
              local r = {}
              for i = 1, #t do r[#r + 1] = f(t[i]) end
              return r
            end
            local function filter(t, p)
              local r = {}
              for i = 1, #t do
                local v = t[i]
                if p(v) then r[#r + 1] = v end
              end
              return r
            end
            local function reduce(t, f, acc)
              for i = 1, #t do acc = f(acc, t[i]) end
              return acc
            end
            local function run(n)
              local arr = {}
              for i = 0, n - 1 do arr[#arr + 1] = i end
              return reduce(filter(map(arr, function(x) return x * 2 end),
                                   function(x) return x % 3 == 0 end),
                            function(acc, x) return acc + x end, 0)
            end
            return run(1000000)
            """;

    static final String LUA_STR = """
            local function build(n)
              local parts = {}
              for i = 0, n - 1 do parts[#parts + 1] = "abcdefgh" end
              return table.concat(parts, "")
            end
            return #build(131072)
            """;

    static final String LUA_MAP = """
            local function run(n)
              local m = {}
              for i = 0, n - 1 do m[i] = i * 2 end
              local s = 0
              for i = 0, n - 1 do s = s + m[i] end
              return s
            end
            return run(100000)
            """;

    // ---------------------------------------------------------------- plain Java (same algorithms)

    static long javaFib(long n) {
        return n < 2 ? n : javaFib(n - 1) + javaFib(n - 2);
    }

    static long javaSum(long n) {
        long s = 0;
        long i = 0;
        while (i < n) {
            s = s + i;
            i = i + 1;
        }
        return s;
    }

    static <T> List<T> map(List<T> xs, UnaryOperator<T> f) {
        List<T> r = new ArrayList<>();
        for (T x : xs) r.add(f.apply(x));
        return r;
    }

    static <T> List<T> filter(List<T> xs, Predicate<T> p) {
        List<T> r = new ArrayList<>();
        for (T x : xs) if (p.test(x)) r.add(x);
        return r;
    }

    static <T> T reduce(List<T> xs, BinaryOperator<T> f, T acc) {
        for (T x : xs) acc = f.apply(acc, x);
        return acc;
    }

    static long javaMfr(long n) {
        List<Long> arr = new ArrayList<>();
        for (long i = 0; i < n; i++) arr.add(i);
        return reduce(filter(map(arr, x -> x * 2), x -> x % 3 == 0), Long::sum, 0L);
    }

    static long javaStr(int n) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) parts.add("abcdefgh");
        return String.join("", parts).length();
    }

    static long javaMap(long n) {
        java.util.Map<Long, Long> m = new java.util.HashMap<>();
        for (long i = 0; i < n; i++) m.put(i, i * 2);
        long s = 0;
        for (long i = 0; i < n; i++) s += m.get(i);
        return s;
    }

    // ---------------------------------------------------------------- setup

    /** Arguments live in fields so the JIT cannot fold the Java workloads into constants. */
    public long fibN = 30, sumN = 10_000_000, mfrN = 1_000_000;
    public int strN = 131_072;
    public long mapN = 100_000;

    @Setup(Level.Trial)
    public void setup() {
        String shape;
        String lua;
        long expected;
        switch (workload) {
            case "fib" -> {
                shape = SHAPE_FIB; lua = LUA_FIB; expected = 832_040L;
                javaWorkload = () -> javaFib(fibN);
            }
            case "sum" -> {
                shape = SHAPE_SUM; lua = LUA_SUM; expected = 49_999_995_000_000L;
                javaWorkload = () -> javaSum(sumN);
            }
            case "mfr" -> {
                shape = SHAPE_MFR; lua = LUA_MFR; expected = 333_333_666_666L;
                javaWorkload = () -> javaMfr(mfrN);
            }
            case "str" -> {
                shape = SHAPE_STR; lua = LUA_STR; expected = 1_048_576L;
                javaWorkload = () -> javaStr(strN);
            }
            case "map" -> {
                shape = SHAPE_MAP; lua = LUA_MAP; expected = 9_999_900_000L;
                javaWorkload = () -> javaMap(mapN);
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
        shapeProgram = Linker.link(ShapeCompiler.compile(shape));
        compiledProgram = Linker.link(ShapeCompiler.compile(shape));
        budgets = Budgets.defaults().withInstructions(Long.MAX_VALUE);
        Globals globals = JsePlatform.standardGlobals();
        luaChunk = globals.load(lua, workload + ".lua");

        check("shape", expected, shape());
        check("shapeCompiled", expected, shapeCompiled());
        check("lua", expected, lua());
        check("java", expected, java());
    }

    private void check(String engine, long expected, Object actual) {
        long got;
        if (actual instanceof Number num) {
            got = num.longValue();
            if (num instanceof Double d && d != (double) got) got = Long.MIN_VALUE;
        } else if (actual instanceof LuaValue lv && lv.isnumber()) {
            double d = lv.todouble();
            got = (long) d;
            if (d != (double) got) got = Long.MIN_VALUE;
        } else {
            throw new IllegalStateException(engine + " " + workload + " returned " + actual + ", expected " + expected);
        }
        if (got != expected) {
            throw new IllegalStateException(engine + " " + workload + " returned " + actual + ", expected " + expected);
        }
    }

    // ---------------------------------------------------------------- benchmarks

    /** The interpreter only (the reference; before issue 14 this was the only mode). */
    @Benchmark
    public Object shape() {
        return new Interpreter(shapeProgram, budgets, false).runMain();
    }

    /** Hot functions compiled to JVM classes (docs/BYTECODE.md section 7); its own linked copy, so the interpreter-only runs see none. */
    @Benchmark
    public Object shapeCompiled() {
        return new Interpreter(compiledProgram, budgets, true).runMain();
    }

    @Benchmark
    public Object lua() {
        return luaChunk.call();
    }

    @Benchmark
    public Object java() {
        return javaWorkload.get();
    }
}
