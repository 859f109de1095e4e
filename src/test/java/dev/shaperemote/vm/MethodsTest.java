package dev.shaperemote.vm;

import dev.shaperemote.bytecode.FunctionProto;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Direct tests of the builtin methods and globals, with a fake VM that runs Java lambdas as callbacks. */
class MethodsTest {
    /** A CallContext whose "Shape functions" are Java lambdas, with a memory budget like the VM's. */
    static final class FakeContext implements CallContext {
        final Map<Object, Function<Object[], Object>> closures = new IdentityHashMap<>();
        long charged;
        long budget = 64L << 20;
        int calls;

        @Override public Object call(Object callable, Object... args) {
            calls++;
            if (callable instanceof NativeFunction f) return f.call(this, args);
            Function<Object[], Object> body = closures.get(callable);
            if (body == null) throw new AssertionError("unknown callable " + callable);
            return body.apply(args);
        }

        @Override public void chargeMemory(long bytes) {
            charged += bytes;
            if (charged > budget) throw ShapeError.limit("memory budget of " + budget + " bytes exhausted");
        }

        /** A closure value declaring {@code arity} parameters, backed by a Java lambda. */
        Closure closure(int arity, Function<Object[], Object> body) {
            FunctionProto p = new FunctionProto("lambda", arity, arity, new String[arity], arity, true, 0,
                    new int[0], new Object[0], new String[0], new int[0]);
            Closure c = new Closure(p, new Cell[0]);
            closures.put(c, body);
            return c;
        }
    }

    /** A native one-argument callback (arity unknown, so it only ever gets the element). */
    static NativeFunction fn(Function<Object, Object> f) {
        return new NativeFunction() {
            @Override public String name() { return "test"; }

            @Override public Object call(CallContext ctx, Object[] args) { return f.apply(args[0]); }
        };
    }

    static NativeFunction fn2(java.util.function.BiFunction<Object, Object, Object> f) {
        return new NativeFunction() {
            @Override public String name() { return "test2"; }

            @Override public Object call(CallContext ctx, Object[] args) { return f.apply(args[0], args[1]); }
        };
    }

    FakeContext ctx;

    @BeforeEach void setUp() { ctx = new FakeContext(); }

    static ArrayValue arr(Object... items) { return ArrayValue.of(Arrays.asList(items)); }

    Object call(Object recv, String name, Object... args) { return Methods.call(ctx, recv, name, args); }

    Object global(String name, Object... args) { return Globals.lookup(name).call(ctx, args); }

    static long l(Object v) { return (Long) v; }

    // ---- arrays ----

    @Test void lengthAndCountAreInts() {
        ArrayValue a = arr(1L, 2L, 3L);
        assertEquals(3L, call(a, "len"));
        assertEquals(3L, call(a, "length"));
        assertEquals(3L, call(a, "count"));
        assertEquals(3L, Methods.getField(a, "length"));
        assertEquals(2L, call(a, "count", fn(x -> l(x) > 1)));
    }

    @Test void indexOfAndFindIndexAreNumbers() {
        ArrayValue a = arr(10L, 20L, 30L, 40L);
        assertEquals(2.0, call(a, "indexOf", 30L));
        assertEquals(-1.0, call(a, "indexOf", 99L));
        assertEquals(2.0, call(a, "indexOf", 30.0), "1 == 1.0 in Shape");
        assertEquals(2.0, call(a, "findIndex", fn(x -> l(x) > 25)));
        assertEquals(-1.0, call(a, "findIndex", fn(x -> l(x) > 100)));
    }

    @Test void containsIsNotAnArrayMethod() {
        ShapeError e = assertThrows(ShapeError.class, () -> call(arr(1L), "contains", 1L));
        assertTrue(e.getMessage().contains("Unknown method 'contains'"), e.getMessage());
        assertTrue(e.getMessage().contains("array has no method 'contains'"), e.getMessage());
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
        assertEquals(true, call(arr(1L, 2L), "includes", 2L));
        assertEquals(false, call(arr(1L, 2L, 3L), "includes", Nil.NONE));
    }

    @Test void mapPassesTheIndexOnlyToTwoParameterCallbacks() {
        Closure withIndex = ctx.closure(2, a -> l(a[0]) + l(a[1]));
        assertEquals(arr(10L, 21L, 32L), call(arr(10L, 20L, 30L), "map", withIndex));
        Closure plain = ctx.closure(1, a -> {
            assertEquals(1, a.length);
            return l(a[0]) * 2;
        });
        assertEquals(arr(2L, 4L), call(arr(1L, 2L), "map", plain));
        assertEquals(arr(2L, 4L), call(arr(1L, 2L), "select", fn(x -> l(x) * 2)));
    }

    @Test void filterWhereFindSomeEvery() {
        ArrayValue a = arr(1L, 2L, 3L, 4L, 5L);
        assertEquals(arr(4L, 5L), call(a, "filter", fn(x -> l(x) > 3)));
        assertEquals(arr(4L, 5L), call(a, "where", fn(x -> l(x) > 3)));
        assertEquals(3L, call(a, "find", fn(x -> l(x) > 2)));
        assertSame(Nil.NONE, call(a, "find", fn(x -> l(x) > 100)));
        assertEquals(true, call(a, "some", fn(x -> l(x) > 4)));
        assertEquals(false, call(a, "any", fn(x -> l(x) > 5)));
        assertEquals(true, call(a, "every", fn(x -> l(x) > 0)));
        assertEquals(false, call(a, "all", fn(x -> l(x) > 1)));
        assertEquals(true, call(arr(), "every", fn(x -> false)));
    }

    @Test void reduceWithAndWithoutInitialValue() {
        NativeFunction add = fn2((acc, x) -> l(acc) + l(x));
        assertEquals(10L, call(arr(1L, 2L, 3L, 4L), "reduce", add, 0L));
        assertEquals(4L, call(arr(1L, 2L, 3L), "reduce", fn2((acc, x) -> l(acc) - l(x)), 10L));
        assertEquals(42L, call(arr(), "reduce", add, 42L));
        assertEquals(6L, call(arr(1L, 2L, 3L), "reduce", add));
        ShapeError e = assertThrows(ShapeError.class, () -> call(arr(), "reduce", add));
        assertTrue(e.getMessage().contains("empty"));
    }

    @Test void aggregates() {
        assertEquals(6L, call(arr(1L, 2L, 3L), "sum"));
        assertEquals(7.0, call(arr(1.5, 2.5, 3L), "sum"));
        assertEquals(0L, call(arr(), "sum"));
        assertEquals(5.0, call(arr(5L, 5L, 5L, 5L), "avg"));
        assertEquals(0.0, call(arr(), "avg"));
        assertEquals(-3L, call(arr(5L, -3L, 0L, 2L), "min"));
        assertEquals(9L, call(arr(5L, 9L, 2L), "max"));
        assertEquals("a", call(arr("b", "a"), "min"));
        ShapeError e = assertThrows(ShapeError.class, () -> call(arr(Long.MAX_VALUE, 1L), "sum"));
        assertTrue(e.getMessage().contains("overflow"));
    }

    @Test void firstLastGetOnEmptyGiveNone() {
        assertSame(Nil.NONE, call(arr(), "first"));
        assertSame(Nil.NONE, call(arr(), "last"));
        assertEquals(30L, call(arr(10L, 20L, 30L), "last"));
        assertEquals(20L, call(arr(10L, 20L, 30L), "get", 1L));
        assertSame(Nil.NONE, call(arr(10L), "get", 5L));
    }

    @Test void pushMutatesAndReturnsTheArrayPopReturnsTheElement() {
        ArrayValue a = arr(1L, 2L);
        assertSame(a, call(a, "push", 3L));
        assertEquals(arr(1L, 2L, 3L), a);
        assertEquals(3L, call(a, "pop"));
        assertEquals(2, a.size());
        assertSame(Nil.NONE, call(arr(), "pop"));
    }

    @Test void reverseSortAndSortComparators() {
        ArrayValue a = arr(3L, 1L, 4L, 1L, 5L);
        assertEquals(arr(5L, 1L, 4L, 1L, 3L), call(a, "reverse"));
        assertEquals(arr(3L, 1L, 4L, 1L, 5L), a, "reverse returns a new array");
        assertEquals(arr(1L, 1L, 3L, 4L, 5L), call(a, "sort"));
        assertEquals(arr(5L, 4L, 3L, 1L, 1L), call(a, "sort", fn2((x, y) -> l(y) - l(x))));
        assertEquals(arr(1L, 1L, 3L, 4L, 5L), call(a, "sort", fn2((x, y) -> l(x) < l(y))), "bool comparator means a before b");
        assertEquals(arr(-5L, 0.5, 3L), call(arr(3L, 0.5, -5L), "sort"));
        // A nonsense comparator must not make the sort throw.
        ArrayValue big = new ArrayValue();
        for (long i = 0; i < 200; i++) big.items.add((i * 7919) % 101);
        call(big, "sort", fn2((x, y) -> (l(x) + l(y)) % 3 - 1L));
    }

    @Test void orderByIsStableAndTakesADirection() {
        ArrayValue a = arr(3L, 1L, 2L);
        assertEquals(arr(1L, 2L, 3L), call(a, "orderBy", fn(x -> x)));
        assertEquals(arr(3L, 2L, 1L), call(a, "orderBy", fn(x -> x), "desc"));
        assertEquals(arr(3L, 2L, 1L), call(a, "sortBy", fn(x -> -l(x))));
        ArrayValue words = arr("bb", "a", "cc", "d");
        assertEquals(arr("a", "d", "bb", "cc"), call(words, "orderBy", fn(x -> (long) ((String) x).length())));
    }

    @Test void slicingTakingSkipping() {
        ArrayValue a = arr(10L, 20L, 30L, 40L, 50L);
        assertEquals(arr(20L, 30L, 40L), call(a, "slice", 1L, 4L));
        assertEquals(arr(20L, 30L, 40L, 50L), call(a, "slice", 1L));
        assertEquals(arr(), call(a, "slice", 10L, 20L));
        assertEquals(arr(), call(a, "slice", 3L, 1L));
        assertEquals(arr(10L, 20L), call(a, "take", 2L));
        assertEquals(a, call(a, "take", 10_000_000_000L));
        assertEquals(arr(40L, 50L), call(a, "skip", 3L));
        assertEquals(arr(), call(a, "drop", 100L));
        assertEquals(arr(10L, 20L), call(a, "takeWhile", fn(x -> l(x) < 25)));
        assertEquals(arr(30L, 40L, 50L), call(a, "skipWhile", fn(x -> l(x) < 25)));
    }

    @Test void joinConcatFlatten() {
        assertEquals("1, 2, 3", call(arr(1L, 2L, 3L), "join", ", "));
        assertEquals("1,2,3", call(arr(1L, 2L, 3L), "join"));
        assertEquals("", call(arr(), "join", ","));
        assertEquals("a b 1.5", call(arr("a", "b", 1.5), "join", " "));
        assertEquals(arr(1L, 2L, 3L, 4L, 5L), call(arr(1L, 2L), "concat", arr(3L, 4L), 5L));
        assertEquals(arr(1L, 2L, 3L, 4L), call(arr(1L, 2L), "chain", arr(3L, 4L)));
        assertEquals(arr(1L, 2L, 3L, arr(4L)), call(arr(arr(1L, 2L), 3L, arr(arr(4L))), "flatten"));
        assertEquals(arr(1L, 10L, 2L, 20L), call(arr(1L, 2L), "flatMap", fn(x -> arr(x, l(x) * 10))));
    }

    @Test void uniqueAndSetOperations() {
        assertEquals(arr(3L, 1L, 2L), call(arr(3L, 1L, 2L, 1L, 3L), "unique"));
        assertEquals(arr(1L, 2L), call(arr(1L, 1.0, 2L), "distinct"), "1 and 1.0 are the same value");
        assertEquals(arr(1L, 2L, 3L), call(arr(1L, 2L, 3L, 4L, 5L, 6L), "distinctBy", fn(x -> l(x) % 3)));
        assertEquals(arr(1L, 2L, 3L, 4L, 5L), call(arr(1L, 2L, 3L), "union", arr(3L, 4L, 5L)));
        assertEquals(arr(3L, 4L), call(arr(1L, 2L, 3L, 4L), "intersect", arr(3L, 4L, 5L, 6L)));
        assertEquals(arr(1L, 2L), call(arr(1L, 2L, 3L, 4L), "except", arr(3L, 4L, 5L)));
    }

    @Test void enumerateZipGroupBy() {
        assertEquals(arr(arr(0L, 10L), arr(1L, 20L)), call(arr(10L, 20L), "enumerate"));
        assertEquals(arr(arr(1L, "a"), arr(2L, "b")), call(arr(1L, 2L, 3L), "zip", arr("a", "b")));
        Object g = call(arr(1L, 2L, 3L, 4L, 5L), "groupBy", fn(x -> l(x) % 2));
        assertEquals(arr(arr(1L, arr(1L, 3L, 5L)), arr(0L, arr(2L, 4L))), g);
    }

    @Test void singleDemandsExactlyOneMatch() {
        assertEquals(30L, call(arr(10L, 20L, 30L), "single", fn(x -> l(x) > 25)));
        assertThrows(ShapeError.class, () -> call(arr(10L, 20L, 30L), "single", fn(x -> l(x) > 15)));
        assertThrows(ShapeError.class, () -> call(arr(10L), "single", fn(x -> false)));
    }

    @Test void iteratorsAreEager() {
        ArrayValue a = arr(1L, 2L, 3L);
        assertSame(a, call(a, "iter"));
        Object collected = call(a, "collect");
        assertEquals(a, collected);
        ((ArrayValue) collected).items.add(4L);
        assertEquals(3, a.size(), "collect returns a copy");
        assertEquals(arr(1L, 2L, 3L), call(a, "toArray"));
        assertEquals(true, call(arr(), "isEmpty"));
    }

    @Test void forEachReturnsNone() {
        List<Object> seen = new ArrayList<>();
        assertSame(Nil.NONE, call(arr(1L, 2L), "forEach", fn(x -> {
            seen.add(x);
            return Nil.UNIT;
        })));
        assertEquals(List.of(1L, 2L), seen);
    }

    @Test void callbackErrorsPropagate() {
        ShapeError e = assertThrows(ShapeError.class,
                () -> call(arr(1L), "map", fn(x -> { throw ShapeError.runtime("boom"); })));
        assertEquals("boom", e.getMessage());
        assertThrows(ShapeError.class, () -> call(arr(1L), "map", 5L));
    }

    @Test void typedArrays() {
        TypedArray t = TypedArray.ofDoubles(new double[] {1.5, 2.5, 3.0});
        assertEquals(3L, call(t, "len"));
        assertEquals(7.0, call(t, "sum"));
        assertEquals(1.5, call(t, "min"));
        assertEquals(arr(3.0, 5.0, 6.0), call(t, "map", fn(x -> (Double) x * 2)));
        assertEquals(3L, Methods.getField(t, "length"));
    }

    // ---- strings ----

    @Test void stringBasics() {
        assertEquals(5L, Methods.getField("hello", "length"));
        assertEquals(5L, call("hello", "length"));
        assertEquals(1L, call("é", "len"));
        assertEquals("HELLO", call("hello", "toUpperCase"));
        assertEquals("hello", call("HeLLo", "toLowerCase"));
        assertEquals("hello", call("  hello  ", "trim"));
        assertEquals("hello  ", call("  hello  ", "trimStart"));
        assertEquals("  hello", call("  hello  ", "trimEnd"));
        assertEquals(true, call("hello", "contains", ""));
        assertEquals(false, call("Hello", "contains", "hello"));
        assertEquals(true, call("hello world", "startsWith", "hello"));
        assertEquals(true, call("hello", "endsWith", ""));
        assertEquals("hello", call("hello", "toString"));
        assertEquals("olleh", call("hello", "reverse"));
        assertEquals(true, call("12345", "isDigit"));
        assertEquals(false, call("12a45", "isDigit"));
    }

    @Test void stringSearchAndSubstrings() {
        assertEquals(6L, call("hello world", "indexOf", "world"));
        assertEquals(-1L, call("hello", "indexOf", "xyz"));
        assertEquals(0L, call("hello", "indexOf", ""));
        assertEquals("world", call("hello world", "substring", 6L, 11L));
        assertEquals("world", call("hello world", "substring", 6L));
        assertEquals("", call("hello", "substring", 2L, 2L));
        assertEquals("hello", call("hello", "substring", 0L, 100L));
        assertEquals("o", call("hello", "charAt", 4L));
        assertEquals("", call("hello", "charAt", 10L));
        assertEquals(97L, call("a", "codePointAt", 0L));
        assertEquals(-1L, call("a", "codePointAt", 5L));
        ShapeError e = assertThrows(ShapeError.class, () -> call("hello world", "slice", 0L, 5L));
        assertTrue(e.getMessage().contains("Unknown method 'slice'"));
    }

    @Test void splitReplacePad() {
        assertEquals(arr("a", "b", "c"), call("a,b,c", "split", ","));
        assertEquals(arr("a", "b", "c"), call("a::b::c", "split", "::"));
        assertEquals(arr(""), call("", "split", ","));
        assertEquals(arr("a", "", "b", ""), call("a,,b,", "split", ","));
        assertEquals("hello Shape", call("hello world", "replace", "world", "Shape"));
        assertEquals("xxyycc", call(call("aabbcc", "replace", "a", "x"), "replace", "b", "y"));
        assertEquals("-h-e-l-l-o-", call("hello", "replace", "", "-"));
        assertEquals("   hi", call("hi", "padStart", 5L));
        assertEquals("hi...", call("hi", "padEnd", 5L, "."));
        assertEquals("ababx", call("x", "padStart", 5L, "ab"));
        assertEquals("xabab", call("x", "padEnd", 5L, "ab"));
        assertEquals("hello", call("hello", "padStart", 3L, "x"));
        assertEquals("abababab", call("ab", "repeat", 4L));
        assertEquals("", call("ab", "repeat", 0L));
        assertEquals(arr("a", "b", "c"), call("abc", "iter"));
        assertEquals(arr("a", "b"), call("ab", "chars"));
        assertEquals("a-b", call("-", "join", arr("a", "b")));
    }

    @Test void stringConversions() {
        assertEquals(42L, call("42", "toInt"));
        assertEquals(2.5, call("2.5", "toNumber"));
        ShapeError e = assertThrows(ShapeError.class, () -> call("abc", "toInt"));
        assertTrue(e.getMessage().contains("abc"));
    }

    // ---- maps ----

    static MapValue map(Object... kv) {
        MapValue m = new MapValue();
        for (int i = 0; i < kv.length; i += 2) m.entries().put(kv[i], kv[i + 1]);
        return m;
    }

    @Test void mapsArePersistent() {
        MapValue empty = (MapValue) global("HashMap");
        MapValue m1 = (MapValue) call(empty, "set", "a", 1L);
        assertEquals(0L, call(empty, "len"));
        assertEquals(1L, call(m1, "len"));
        MapValue m2 = (MapValue) call(m1, "set", "a", 99L);
        assertEquals(1L, call(m1, "get", "a"));
        assertEquals(99L, call(m2, "get", "a"));
        MapValue m3 = (MapValue) call(m2, "delete", "a");
        assertEquals(true, call(m2, "has", "a"));
        assertEquals(false, call(m3, "has", "a"));
        assertEquals(true, call(m3, "isEmpty"));
        assertEquals(1L, Methods.getField(m2, "length"));
    }

    @Test void mapGetAndKeyEquality() {
        MapValue m = map(1L, "gold", true, "yes", "", "empty");
        assertEquals("gold", call(m, "get", 1L));
        assertEquals("gold", call(m, "get", 1.0), "1.0 finds the int key 1");
        assertEquals("yes", call(m, "get", true));
        assertEquals("empty", call(m, "get", ""));
        assertSame(Nil.NONE, call(m, "get", "missing"));
        MapValue m2 = (MapValue) call(m, "set", 1.0, "silver");
        assertEquals(3L, call(m2, "len"));
        assertEquals("silver", call(m2, "get", 1L));
        assertSame(Nil.NONE, call(map("x", Nil.NONE), "getOrDefault", "x", "fallback"));
        assertEquals("default", call(map(), "getOrDefault", "missing", "default"));
    }

    @Test void mapKeysValuesEntries() {
        MapValue m = map("a", 1L, "b", 2L);
        assertEquals(arr("a", "b"), call(m, "keys"));
        assertEquals(arr(1L, 2L), call(m, "values"));
        assertEquals(arr(arr("a", 1L), arr("b", 2L)), call(m, "entries"));
        assertEquals(arr(arr("a", 1L), arr("b", 2L)), call(m, "toArray"));
    }

    @Test void mapHigherOrder() {
        MapValue m = map("a", 1L, "b", 5L, "c", 10L);
        MapValue big = (MapValue) call(m, "filter", fn2((k, v) -> l(v) > 3));
        assertEquals(arr("b", "c"), call(big, "keys"));
        MapValue doubled = (MapValue) call(big, "map", fn2((k, v) -> l(v) * 2));
        assertEquals(20L, call(doubled, "get", "c"));
        assertEquals(1L, call(m, "get", "a"), "receiver unchanged");
        Closure sum = ctx.closure(3, a -> l(a[0]) + l(a[2]));
        assertEquals(16L, call(m, "reduce", sum, 0L));
        Closure keys = ctx.closure(3, a -> a[0] + (String) a[1]);
        assertEquals("keys:abc", call(m, "reduce", keys, "keys:"));
        MapValue grouped = (MapValue) call(map("a", 1L, "b", 2L, "c", 1L), "groupBy", fn2((k, v) -> "g" + v));
        assertEquals(2L, call(grouped, "len"));
        assertEquals(map("a", 1L, "c", 1L), call(grouped, "get", "g1"));
        List<Object> seen = new ArrayList<>();
        call(m, "forEach", fn2((k, v) -> seen.add(k)));
        assertEquals(List.of("a", "b", "c"), seen);
    }

    @Test void mapMerge() {
        MapValue m1 = map("a", 1L, "x", 1L);
        MapValue m2 = map("b", 2L, "x", 99L);
        MapValue merged = (MapValue) call(m1, "merge", m2);
        assertEquals(3L, call(merged, "len"));
        assertEquals(99L, call(merged, "get", "x"));
        assertEquals(2L, call(m1, "len"));
    }

    // ---- options and results ----

    @Test void optionAndResultMethods() {
        assertEquals(5L, call(new SomeValue(5L), "unwrap"));
        assertEquals(5L, call(new OkValue(5L), "unwrap"));
        ShapeError none = assertThrows(ShapeError.class, () -> call(Nil.NONE, "unwrap"));
        assertTrue(none.getMessage().contains("None"));
        ShapeError err = assertThrows(ShapeError.class, () -> call(new ErrValue("bad"), "unwrap"));
        assertTrue(err.getMessage().contains("Err(\"bad\")"), err.getMessage());
        ShapeError exp = assertThrows(ShapeError.class, () -> call(Nil.NONE, "expect", "needed a value"));
        assertEquals("needed a value", exp.getMessage());
        assertEquals(7L, call(Nil.NONE, "unwrapOr", 7L));
        assertEquals(7L, call(new ErrValue("e"), "unwrap_or", 7L));
        assertEquals(true, call(new SomeValue(1L), "isSome"));
        assertEquals(true, call(Nil.NONE, "isNone"));
        assertEquals(true, call(new OkValue(1L), "isOk"));
        assertEquals(true, call(new ErrValue(1L), "isErr"));
        assertEquals(new SomeValue(2L), call(new SomeValue(1L), "map", fn(x -> l(x) + 1)));
        assertSame(Nil.NONE, call(Nil.NONE, "map", fn(x -> l(x) + 1)));
        assertEquals(new ErrValue("E!"), call(new ErrValue("E"), "mapErr", fn(x -> x + "!")));
        assertEquals(new OkValue(2L), call(new OkValue(1L), "andThen", fn(x -> new OkValue(l(x) + 1))));
        assertEquals(new SomeValue(1L), call(new OkValue(1L), "ok"));
        assertSame(Nil.NONE, call(new ErrValue(1L), "ok"));
        assertEquals(new ErrValue("missing"), call(Nil.NONE, "okOr", "missing"));
    }

    @Test void bareValuesActAsSome() {
        assertEquals(20L, call(20L, "unwrapOr", 0L));
        assertEquals(20L, call(20L, "unwrap"));
        assertEquals(true, call("x", "isSome"));
        assertEquals(false, call(3.5, "isNone"));
        assertThrows(ShapeError.class, () -> call(Nil.UNIT, "unwrap"));
    }

    // ---- numbers, ranges, objects ----

    @Test void numberMethods() {
        assertEquals(3L, call(-3L, "abs"));
        assertEquals(3.0, call(3.7, "floor"));
        assertEquals(3.0, call(2.5, "round"));
        assertEquals(-3.0, call(-2.5, "round"));
        assertEquals(0.0, call(0.49999999999999994, "round"));
        assertEquals("3.14", call(3.14159, "toFixed", 2L));
        assertEquals(3L, call(3.9, "toInt"));
        assertEquals("42", call(42L, "toString"));
        assertEquals("1.5", call(1.5, "toString"));
        assertEquals(10L, call(15L, "clamp", 0L, 10L));
    }

    @Test void rangeMethodsMaterialise() {
        RangeValue r = new RangeValue(0L, 5L, false);
        assertEquals(5L, call(r, "len"));
        assertEquals(5L, Methods.getField(r, "length"));
        assertEquals(6L, call(new RangeValue(0L, 5L, true), "len"));
        assertEquals(arr(0L, 2L, 4L, 6L, 8L), call(r, "map", fn(x -> l(x) * 2)));
        assertEquals(10L, call(r, "sum"));
        assertEquals(arr(0L, 1L, 2L, 3L, 4L), call(r, "collect"));
        assertEquals(true, call(r, "contains", 4L));
        assertEquals(false, call(r, "contains", 5L));
        assertEquals(true, call(new RangeValue(0L, 10_000_000_000_000L, false), "contains", 9_999_999_999_999L));
        ShapeError e = assertThrows(ShapeError.class, () -> call(new RangeValue(0L, 10_000_000_000_000L, false), "map", fn(x -> x)));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test void objectMethods() {
        ObjectValue o = new ObjectValue();
        o.fields.put("x", 1L);
        o.fields.put("y", 2L);
        assertEquals(arr("x", "y"), call(o, "keys"));
        assertEquals(true, call(o, "has", "x"));
        assertEquals(1L, Methods.getField(o, "x"));
        assertThrows(ShapeError.class, () -> Methods.getField(o, "z"));
        assertThrows(ShapeError.class, () -> Methods.getField(5L, "length"));
    }

    // ---- globals ----

    @Test void globalsBasics() {
        assertEquals(null, Globals.lookup("print"), "print belongs to the VM");
        assertEquals(null, Globals.lookup("no_such_function"));
        assertEquals(arr(0L, 1L, 2L), global("range", 3L));
        assertEquals(arr(2L, 3L, 4L), global("range", 2L, 5L));
        assertEquals(arr(0L, 3L, 6L, 9L), global("range", 0L, 10L, 3L));
        assertEquals(arr(5L, 4L, 3L), global("range", 5L, 2L, -1L));
        assertEquals(arr(), global("range", 5L, 2L));
        assertThrows(ShapeError.class, () -> global("range", 0L, 5L, 0L));
        assertEquals(3L, global("len", "abc"));
        assertEquals(2L, global("len", arr(1L, 2L)));
        assertEquals(1L, global("Some", 1L), "Some(x) is x itself at run time");
        assertEquals(new SomeValue(Nil.NONE), global("Some", Nil.NONE), "Some(None) stays distinct from None");
        assertEquals(new OkValue(1L), global("Ok", 1L));
        assertEquals(new ErrValue("e"), global("Err", "e"));
        assertThrows(ShapeError.class, () -> global("Ok"), "Ok() needs a value");
        assertThrows(ShapeError.class, () -> global("Some"));
        assertEquals(5L, global("abs", -5L));
        assertEquals(2.0, global("sqrt", 4L));
        assertEquals(1024L, global("pow", 2L, 10L));
        assertEquals(0.5, global("pow", 2L, -1L));
        assertThrows(ShapeError.class, () -> global("pow", 10L, 40L));
        assertEquals(1L, global("min", 3L, 1L, 2L));
        assertEquals(3L, global("max", arr(3L, 1L, 2L)));
        assertEquals("[1, \"a\"]", global("str", arr(1L, "a")));
        assertEquals(3L, global("int", 3.9));
        assertEquals(12L, global("parseInt", "12"));
        assertEquals(1.0, global("number", true));
        assertEquals("int", global("typeof", 1L));
        ShapeError a = assertThrows(ShapeError.class, () -> global("assert", false, "x must be positive"));
        assertTrue(a.getMessage().contains("x must be positive"));
        assertEquals("my message", assertThrows(ShapeError.class, () -> global("panic", "my message")).getMessage());
    }

    @Test void intoIntrinsics() {
        assertEquals(1L, global("__into_int", true));
        assertEquals(new OkValue(42L), global("__try_into_int", "42"));
        Object failed = global("__try_into_int", "not-int");
        assertTrue(failed instanceof ErrValue, String.valueOf(failed));
        assertTrue(global("__try_into_int", 2.5) instanceof ErrValue);
        assertEquals(new OkValue(2.5), global("__try_into_number", "2.5"));
        assertEquals("1.5", global("__into_string", 1.5));
    }

    // ---- budgets: huge requests are budget errors, never OutOfMemoryError ----

    @Test void hugeRepeatIsABudgetError() {
        ShapeError e = assertThrows(ShapeError.class, () -> call("x", "repeat", 10_000_000_000L));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        e = assertThrows(ShapeError.class, () -> call("abc", "repeat", Long.MAX_VALUE));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        assertThrows(ShapeError.class, () -> call("x", "repeat", -1L));
    }

    @Test void hugeRangeIsABudgetError() {
        ShapeError e = assertThrows(ShapeError.class, () -> global("range", 0L, 10_000_000_000L));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        e = assertThrows(ShapeError.class, () -> global("range", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        e = assertThrows(ShapeError.class, () -> global("range", 0.0, 1e300));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test void hugePaddingIsABudgetError() {
        ShapeError e = assertThrows(ShapeError.class, () -> call("x", "padStart", 10_000_000_000L, "ab"));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        e = assertThrows(ShapeError.class, () -> call("x", "padEnd", Long.MAX_VALUE));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test void budgetStopsGrowthWithinTheLimit() {
        ctx.budget = 1 << 20;
        // Doubling an array by concat with itself must hit the budget, not the heap.
        ShapeError e = assertThrows(ShapeError.class, () -> {
            Object a = arr(1L);
            for (int i = 0; i < 64; i++) a = call(a, "concat", a);
        });
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
        ctx.charged = 0;
        e = assertThrows(ShapeError.class, () -> {
            Object s = "ab";
            for (int i = 0; i < 64; i++) s = call(s, "replace", "a", "aa");
        });
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test void allocationsAreCharged() {
        call(arr(1L, 2L, 3L), "map", fn(x -> x));
        assertTrue(ctx.charged >= 24, "map charges its result slots");
        long before = ctx.charged;
        call("ab", "repeat", 100L);
        assertTrue(ctx.charged - before >= 400, "repeat charges 2 bytes per char");
        before = ctx.charged;
        global("range", 0L, 1000L);
        assertTrue(ctx.charged - before >= 8000);
    }

    @Test void intArgumentsOutOfRangeAreErrorsNotWraparound() {
        ShapeError e = assertThrows(ShapeError.class, () -> call("abc", "charAt", 1.5));
        assertEquals(ShapeError.Kind.RuntimeError, e.kind());
        assertEquals("", call("abc", "charAt", 4_294_967_296L + 1), "2^32 + 1 is out of range, not index 1");
        assertSame(Nil.NONE, call(arr(1L, 2L), "get", 4_294_967_296L + 1));
        assertThrows(ShapeError.class, () -> call(1.5, "toFixed", 4_294_967_298L));
    }
}
