package dev.shaperemote.vm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Map;

import static dev.shaperemote.vm.Methods.chargeSlots;

/** Builtin methods of the remaining receivers: numbers, ranges and object literals. */
final class ObjectMethods {
    private ObjectMethods() {}

    static Object call(CallContext ctx, Object recv, String name, Object[] args) {
        if (recv instanceof Long || recv instanceof Double) return NUMBER.call(ctx, recv, name, args);
        if (recv instanceof RangeValue r) return range(ctx, r, name, args);
        if (recv instanceof ObjectValue o) return OBJECT.call(ctx, o, name, args);
        return Methods.NOT_FOUND;
    }

    // ---- numbers ----

    private static final MethodTable<Object> NUMBER = new MethodTable<>()
            .def(0, 0, ObjectMethods::abs, "abs")
            .def(0, 0, ObjectMethods::whole, "floor", "ceil", "round", "trunc")
            .def(0, 0, (ctx, n, name, args) -> n instanceof Long l ? (Object) (long) Long.signum(l) : (Object) Math.signum(Values.toDouble(n)), "sign")
            .def(0, 0, (ctx, n, name, args) -> Math.sqrt(Values.toDouble(n)), "sqrt")
            .def(1, 1, (ctx, n, name, args) -> Globals.pow(n, args[0]), "pow")
            .def(1, 1, ObjectMethods::minOrMax, "min", "max")
            .def(2, 2, ObjectMethods::clamp, "clamp")
            .def(0, 0, (ctx, n, name, args) -> Globals.toInt(n), "toInt", "to_int")
            .def(0, 0, (ctx, n, name, args) -> Values.toDouble(n), "toNumber", "to_number", "toFloat", "to_float")
            .def(0, 0, (ctx, n, name, args) -> Double.isNaN(Values.toDouble(n)), "isNaN", "is_nan")
            .def(0, 0, (ctx, n, name, args) -> Double.isFinite(Values.toDouble(n)), "isFinite", "is_finite")
            .def(0, 0, ObjectMethods::isInteger, "isInteger", "is_integer")
            .def(1, 1, ObjectMethods::toFixed, "toFixed", "to_fixed");

    private static Object abs(CallContext ctx, Object n, String name, Object[] args) {
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) throw ShapeError.runtime("integer overflow in abs()");
            return Math.abs(l);
        }
        return Math.abs(Values.toDouble(n));
    }

    /** An int is already whole; a number stays a number (3.7.floor() is 3.0). */
    private static Object whole(CallContext ctx, Object n, String name, Object[] args) {
        if (n instanceof Long) return n;
        double d = Values.toDouble(n);
        return switch (name) {
            case "floor" -> Math.floor(d);
            case "ceil" -> Math.ceil(d);
            case "round" -> roundHalfAway(d);
            default -> d < 0 ? Math.ceil(d) : Math.floor(d);
        };
    }

    private static Object minOrMax(CallContext ctx, Object n, String name, Object[] args) {
        int c = Values.compare(n, args[0]);
        return name.equals("min") ? (c <= 0 ? n : args[0]) : (c >= 0 ? n : args[0]);
    }

    private static Object clamp(CallContext ctx, Object n, String name, Object[] args) {
        if (Values.compare(n, args[0]) < 0) return args[0];
        if (Values.compare(n, args[1]) > 0) return args[1];
        return n;
    }

    private static Object isInteger(CallContext ctx, Object n, String name, Object[] args) {
        double d = Values.toDouble(n);
        return n instanceof Long || (d == Math.rint(d) && !Double.isInfinite(d));
    }

    private static Object toFixed(CallContext ctx, Object n, String name, Object[] args) {
        int digits = Methods.intArg(name, args[0]);
        if (digits < 0 || digits > 100) throw ShapeError.runtime("toFixed(): digits must be 0 to 100, got " + digits);
        double d = Values.toDouble(n);
        if (Double.isNaN(d) || Double.isInfinite(d)) return Values.formatNumber(d);
        return new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Rounds halves away from zero, like Rust's f64::round (2.5 -> 3.0, -2.5 -> -3.0). */
    static double roundHalfAway(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return d;
        double t = d < 0 ? Math.ceil(d) : Math.floor(d);
        // d - t is exact, so 0.49999999999999994 stays below one half (adding 0.5 would round up).
        return Math.abs(d - t) >= 0.5 ? t + Math.copySign(1.0, d) : t;
    }

    // ---- ranges ----

    private static final MethodTable<RangeValue> RANGE = new MethodTable<RangeValue>()
            .def(0, 0, (ctx, r, name, args) -> rangeLength(r), "len", "length")
            .def(0, -1, (ctx, r, name, args) -> args.length == 0 ? rangeLength(r) : Methods.NOT_FOUND, "count")
            .def(0, 0, (ctx, r, name, args) -> (Long) rangeLength(r) == 0, "isEmpty")
            .def(1, 1, ObjectMethods::rangeContains, "contains", "includes");

    private static Object range(CallContext ctx, RangeValue r, String name, Object[] args) {
        Object result = RANGE.call(ctx, r, name, args);
        if (result != Methods.NOT_FOUND) return result;
        // Everything else (map, filter, reduce, sum, collect, ...) works on the materialised range.
        return ArrayMethods.call(ctx, materialize(ctx, r), name, args);
    }

    /** Checked against the bounds, without building the range. */
    private static Object rangeContains(CallContext ctx, RangeValue r, String name, Object[] args) {
        Object x = args[0];
        if (!Values.isNumeric(x)) return false;
        if (r.start() != null && Values.compare(x, r.start()) < 0) return false;
        if (r.end() != null) {
            int c = Values.compare(x, r.end());
            if (r.inclusive() ? c > 0 : c >= 0) return false;
        }
        // An int range holds only whole values.
        return !(r.start() instanceof Long && x instanceof Double d && d != Math.rint(d));
    }

    /** Element count of a bounded range (an int); an unbounded range is an error. */
    static Object rangeLength(RangeValue r) {
        if (r.start() == null || r.end() == null) throw ShapeError.runtime("range " + Values.describe(r) + " is unbounded");
        if (r.start() instanceof Long s && r.end() instanceof Long e) {
            if (e < s || (e.longValue() == s.longValue() && !r.inclusive())) return 0L;
            long span;
            try {
                span = Math.subtractExact(e, s);
                if (r.inclusive()) span = Math.addExact(span, 1);
            } catch (ArithmeticException ex) {
                span = Long.MAX_VALUE;
            }
            return span;
        }
        double s = Values.toDouble(r.start()), e = Values.toDouble(r.end());
        double span = e - s;
        if (Double.isNaN(span) || span < 0 || (span == 0 && !r.inclusive())) return 0L;
        double n = r.inclusive() ? Math.floor(span) + 1 : Math.ceil(span);
        return n >= 9.2e18 ? Long.MAX_VALUE : (long) n;
    }

    /** The range as an array, charged before it is built; ints step by 1, numbers by 1.0. */
    static ArrayValue materialize(CallContext ctx, RangeValue r) {
        long n = (Long) rangeLength(r);
        chargeSlots(ctx, n);
        ArrayList<Object> out = new ArrayList<>((int) n);
        if (r.start() instanceof Long s && r.end() instanceof Long) {
            for (long i = 0; i < n; i++) out.add(s + i);
        } else {
            double s = Values.toDouble(r.start());
            for (long i = 0; i < n; i++) out.add(s + i);
        }
        return new ArrayValue(out);
    }

    // ---- object literals ----

    private static final MethodTable<ObjectValue> OBJECT = new MethodTable<ObjectValue>()
            .def(0, 0, ObjectMethods::keysOrValues, "keys", "values")
            .def(0, 0, ObjectMethods::entries, "entries")
            .def(1, 1, (ctx, o, name, args) -> args[0] instanceof String k && o.fields.containsKey(k), "has", "hasKey", "has_key", "hasOwnProperty");

    private static Object keysOrValues(CallContext ctx, ObjectValue o, String name, Object[] args) {
        chargeSlots(ctx, o.fields.size());
        return new ArrayValue(new ArrayList<>(name.equals("keys") ? o.fields.keySet() : o.fields.values()));
    }

    private static Object entries(CallContext ctx, ObjectValue o, String name, Object[] args) {
        chargeSlots(ctx, 3L * o.fields.size());
        ArrayList<Object> out = new ArrayList<>(o.fields.size());
        for (Map.Entry<String, Object> e : o.fields.entrySet()) out.add(ArrayMethods.pair(e.getKey(), e.getValue()));
        return new ArrayValue(out);
    }
}
