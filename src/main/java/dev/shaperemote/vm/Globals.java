package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.shaperemote.vm.Methods.arity;
import static dev.shaperemote.vm.Methods.chargeSlots;

/**
 * Global builtin functions that are not user code: {@code range}, {@code len}, math, conversions,
 * the {@code Some/Ok/Err} constructors, {@code HashMap()} and the {@code __into_*} intrinsics the
 * standard {@code Into/TryInto} impls call. {@code print} belongs to the VM, not here.
 */
public final class Globals {
    private Globals() {}

    private interface Impl {
        Object apply(CallContext ctx, Object[] args);
    }

    private record Builtin(String name, Impl impl) implements NativeFunction {
        @Override public Object call(CallContext ctx, Object[] args) { return impl.apply(ctx, args == null ? new Object[0] : args); }

        @Override public String toString() { return "<builtin " + name + ">"; }
    }

    private static final Map<String, NativeFunction> TABLE = new HashMap<>();

    private static void def(Impl impl, String... names) {
        for (String n : names) TABLE.put(n, new Builtin(n, impl));
    }

    /** The names of every builtin here (bytecode.Builtins lists them for the compiler; a test keeps the two equal). */
    public static java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(TABLE.keySet()); }

    /** The builtin global of that name, or null when there is none. */
    public static NativeFunction lookup(String name) { return TABLE.get(name); }

    static {
        TABLE.put("Content", ContentMethods.NAMESPACE);
        def((ctx, a) -> {
            arity("len", a, 1, 1);
            Object v = a[0];
            if (v instanceof String || v instanceof ArrayValue || v instanceof MapValue || v instanceof TypedArray
                    || v instanceof RangeValue || v instanceof BytesValue) {
                return Methods.getField(v, "length");
            }
            if (v instanceof ObjectValue o) return (long) o.fields.size();
            throw ShapeError.runtime("len() of " + Values.typeName(v) + " is not defined");
        }, "len");
        def(Globals::range, "range");
        def((ctx, a) -> {
            arity("HashMap", a, 0, 0);
            return new MapValue();
        }, "HashMap");
        def((ctx, a) -> {
            arity("Some", a, 1, 1);
            // Shape's Option is a value or None at run time: Some(x) is x itself (enums/option#30).
            return a[0] == Nil.NONE ? new SomeValue(a[0]) : a[0];
        }, "Some");
        def((ctx, a) -> {
            arity("Ok", a, 1, 1); // Ok() with no value is an error (error_handling/stress_ok_err#52)
            return new OkValue(a[0]);
        }, "Ok");
        def((ctx, a) -> {
            arity("Err", a, 1, 1);
            return new ErrValue(a[0]);
        }, "Err");

        // ---- math ----
        def((ctx, a) -> {
            arity("abs", a, 1, 1);
            return Methods.call(ctx, num("abs", a[0]), "abs", new Object[0]);
        }, "abs");
        for (String f : new String[] {"floor", "ceil", "round", "trunc", "sign"}) {
            def((ctx, a) -> {
                arity(f, a, 1, 1);
                return Methods.call(ctx, num(f, a[0]), f, new Object[0]);
            }, f);
        }
        def((ctx, a) -> unary("sqrt", a, Math::sqrt), "sqrt");
        def((ctx, a) -> unary("exp", a, Math::exp), "exp");
        def((ctx, a) -> unary("ln", a, Math::log), "ln");
        def((ctx, a) -> unary("log10", a, Math::log10), "log10", "log"); // Shape's log is base 10 (stdlib_math/basic#18)
        def((ctx, a) -> unary("log2", a, d -> Math.log(d) / Math.log(2)), "log2");
        def((ctx, a) -> unary("sin", a, Math::sin), "sin");
        def((ctx, a) -> unary("cos", a, Math::cos), "cos");
        def((ctx, a) -> unary("tan", a, Math::tan), "tan");
        def((ctx, a) -> unary("atan", a, Math::atan), "atan");
        def((ctx, a) -> {
            arity("atan2", a, 2, 2);
            return Math.atan2(Values.toDouble(num("atan2", a[0])), Values.toDouble(num("atan2", a[1])));
        }, "atan2");
        def((ctx, a) -> {
            arity("pow", a, 2, 2);
            return pow(num("pow", a[0]), num("pow", a[1]));
        }, "pow");
        def((ctx, a) -> extreme("min", a, true), "min");
        def((ctx, a) -> extreme("max", a, false), "max");
        def((ctx, a) -> {
            arity("clamp", a, 3, 3);
            return Methods.call(ctx, num("clamp", a[0]), "clamp", new Object[] {a[1], a[2]});
        }, "clamp");

        // ---- conversions and reflection ----
        def((ctx, a) -> {
            arity("str", a, 1, 1);
            return Values.display(a[0], ctx);
        }, "str", "string", "toString", "to_string");
        def((ctx, a) -> {
            arity("int", a, 1, 1);
            return toInt(a[0]);
        }, "int", "toInt", "to_int", "parseInt", "parse_int");
        def((ctx, a) -> {
            arity("number", a, 1, 1);
            return toNumber(a[0]);
        }, "number", "float", "toNumber", "to_number", "parseFloat", "parse_float");
        def((ctx, a) -> {
            arity("bool", a, 1, 1);
            return toBool(a[0]);
        }, "bool", "toBool", "to_bool");
        def((ctx, a) -> {
            arity("typeof", a, 1, 1);
            return Values.typeName(a[0]);
        }, "typeof", "typeOf", "type_of");
        def((ctx, a) -> is(a, ArrayValue.class), "isArray", "is_array");
        def((ctx, a) -> is(a, ObjectValue.class), "isObject", "is_object");
        def((ctx, a) -> is(a, String.class), "isString", "is_string");
        def((ctx, a) -> {
            arity("isNumber", a, 1, 1);
            return Values.isNumeric(a[0]);
        }, "isNumber", "is_number");

        // ---- failures ----
        def((ctx, a) -> {
            arity("assert", a, 1, 2);
            if (!Values.truthy(a[0])) {
                throw ShapeError.runtime(a.length > 1 ? "assertion failed: " + Values.describe(a[1]) : "assertion failed");
            }
            return Nil.UNIT;
        }, "assert");
        def((ctx, a) -> {
            arity("panic", a, 0, 1);
            throw ShapeError.runtime(a.length > 0 ? Values.describe(a[0]) : "panic");
        }, "panic");

        // ---- intrinsics behind the standard `as` conversions (error_handling/try_operator#8, #9) ----
        def((ctx, a) -> {
            arity("__into_int", a, 1, 1);
            return toInt(a[0]);
        }, "__into_int");
        def((ctx, a) -> {
            arity("__into_number", a, 1, 1);
            return toNumber(a[0]);
        }, "__into_number", "__into_float");
        def((ctx, a) -> {
            arity("__into_string", a, 1, 1);
            return Values.display(a[0], ctx);
        }, "__into_string");
        def((ctx, a) -> {
            arity("__into_bool", a, 1, 1);
            return toBool(a[0]);
        }, "__into_bool");
        def((ctx, a) -> tryInto("__try_into_int", a, () -> {
            // A lossy number is a failure for the fallible conversion, not a truncation.
            if (a[0] instanceof Double d && d != Math.rint(d)) {
                throw ShapeError.runtime("cannot convert " + Values.formatNumber(d) + " to int without losing its fraction");
            }
            return toInt(a[0]);
        }), "__try_into_int");
        def((ctx, a) -> tryInto("__try_into_number", a, () -> toNumber(a[0])), "__try_into_number", "__try_into_float");
        def((ctx, a) -> tryInto("__try_into_string", a, () -> Values.display(a[0], ctx)), "__try_into_string");
        def((ctx, a) -> tryInto("__try_into_bool", a, () -> toBool(a[0])), "__try_into_bool");
    }

    // ---- implementations ----

    /**
     * range(end), range(start, end) and range(start, end, step): the half-open sequence as an
     * array (charged before it is built, so a huge range is a budget error). Ints stay ints; a
     * number argument makes the elements numbers.
     */
    private static Object range(CallContext ctx, Object[] a) {
        arity("range", a, 1, 3);
        Object start = a.length == 1 ? (Object) 0L : num("range", a[0]);
        Object end = num("range", a.length == 1 ? a[0] : a[1]);
        Object step = a.length == 3 ? num("range", a[2]) : (Object) 1L;
        if (start instanceof Long s && end instanceof Long e && step instanceof Long st) {
            if (st == 0) throw ShapeError.runtime("range() step must not be zero");
            long n = 0;
            if (st > 0 && e > s) n = ceilDiv(e, s, st);
            else if (st < 0 && e < s) n = ceilDiv(s, e, -st);
            chargeSlots(ctx, n);
            ArrayList<Object> out = new ArrayList<>((int) n);
            long v = s;
            for (long i = 0; i < n; i++, v += st) {
                Methods.tick(ctx, i);
                out.add(v);
            }
            return new ArrayValue(out);
        }
        double s = Values.toDouble(start), e = Values.toDouble(end), st = Values.toDouble(step);
        if (st == 0 || Double.isNaN(st)) throw ShapeError.runtime("range() step must not be zero");
        double count = Math.ceil((e - s) / st);
        long n = Double.isNaN(count) || count <= 0 ? 0 : count >= 9.2e18 ? Long.MAX_VALUE : (long) count;
        chargeSlots(ctx, n);
        ArrayList<Object> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            Methods.tick(ctx, i);
            out.add(s + i * st);
        }
        return new ArrayValue(out);
    }

    /** ceil((hi - lo) / step) for hi > lo, step > 0, without overflowing. */
    private static long ceilDiv(long hi, long lo, long step) {
        long span;
        try {
            span = Math.subtractExact(hi, lo);
        } catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
        return span / step + (span % step == 0 ? 0 : 1);
    }

    private static Object num(String fn, Object v) {
        if (v instanceof Long || v instanceof Double) return v;
        throw ShapeError.runtime(fn + "(): expected a number, got " + Values.typeName(v));
    }

    private interface DoubleOp {
        double apply(double d);
    }

    private static Object unary(String fn, Object[] a, DoubleOp op) {
        arity(fn, a, 1, 1);
        return op.apply(Values.toDouble(num(fn, a[0])));
    }

    /** int ** non-negative int stays an int (overflow is an error); anything else is a number. */
    static Object pow(Object base, Object exp) {
        if (base instanceof Long b && exp instanceof Long e && e >= 0) {
            long result = 1, x = b, n = e;
            try {
                while (n > 0) {
                    if ((n & 1) == 1) result = Math.multiplyExact(result, x);
                    n >>= 1;
                    if (n > 0) x = Math.multiplyExact(x, x);
                }
            } catch (ArithmeticException ex) {
                throw ShapeError.runtime("integer overflow in pow()");
            }
            return result;
        }
        return Math.pow(Values.toDouble(base), Values.toDouble(exp));
    }

    /** min(a, b, ...) or min(array): the smallest argument itself, so ints stay ints. */
    private static Object extreme(String fn, Object[] a, boolean min) {
        arity(fn, a, 1, -1);
        List<Object> items;
        if (a.length == 1 && a[0] instanceof ArrayValue arr) items = arr.items;
        else items = java.util.Arrays.asList(a);
        if (items.isEmpty()) throw ShapeError.runtime(fn + "() of an empty array");
        Object best = items.get(0);
        for (Object o : items) {
            int c = Values.compare(o, best);
            if (min ? c < 0 : c > 0) best = o;
        }
        return best;
    }

    private static Object is(Object[] a, Class<?> type) {
        arity("is", a, 1, 1);
        return type.isInstance(a[0]);
    }

    /** To an int: numbers truncate toward zero, strings must hold an int, bools are 0/1. */
    static Long toInt(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d) {
            if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 9.3e18) {
                throw ShapeError.runtime("cannot convert " + Values.formatNumber(d) + " to int");
            }
            return (long) (double) d;
        }
        if (v instanceof Boolean b) return b ? 1L : 0L;
        if (v instanceof String s) return StringMethods.converted(s, StringMethods.parseInt(s), "int");
        throw ShapeError.runtime("cannot convert " + Values.typeName(v) + " to int");
    }

    static Double toNumber(Object v) {
        if (v instanceof Double d) return d;
        if (v instanceof Long l) return (double) l;
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        if (v instanceof String s) return StringMethods.converted(s, StringMethods.parseNumber(s), "number");
        throw ShapeError.runtime("cannot convert " + Values.typeName(v) + " to number");
    }

    static Boolean toBool(Object v) {
        if (v instanceof String s) {
            Boolean parsed = switch (s) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            };
            return StringMethods.converted(s, parsed, "bool");
        }
        return Values.truthy(v);
    }

    private interface Conversion {
        Object get();
    }

    /** A fallible conversion: Ok(value), or Err(message) when the conversion fails. */
    private static Object tryInto(String fn, Object[] a, Conversion c) {
        arity(fn, a, 1, 1);
        try {
            return new OkValue(c.get());
        } catch (ShapeError e) {
            if (e.kind() != ShapeError.Kind.RuntimeError) throw e;
            return new ErrValue(e.getMessage());
        }
    }
}
