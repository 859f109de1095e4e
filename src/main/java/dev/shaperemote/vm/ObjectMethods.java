package dev.shaperemote.vm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Map;

import static dev.shaperemote.vm.Methods.arity;
import static dev.shaperemote.vm.Methods.chargeSlots;

/** Builtin methods of the remaining receivers: numbers, ranges and object literals. */
final class ObjectMethods {
    private ObjectMethods() {}

    static Object call(CallContext ctx, Object recv, String name, Object[] args) {
        if (recv instanceof Long || recv instanceof Double) return number(recv, name, args);
        if (recv instanceof RangeValue r) return range(ctx, r, name, args);
        if (recv instanceof ObjectValue o) return object(ctx, o, name, args);
        return Methods.NOT_FOUND;
    }

    // ---- numbers ----

    private static Object number(Object n, String name, Object[] args) {
        boolean isInt = n instanceof Long;
        double d = Values.toDouble(n);
        switch (name) {
            case "abs" -> {
                arity(name, args, 0, 0);
                if (isInt) {
                    long l = (Long) n;
                    if (l == Long.MIN_VALUE) throw ShapeError.runtime("integer overflow in abs()");
                    return Math.abs(l);
                }
                return Math.abs(d);
            }
            case "floor", "ceil", "round", "trunc" -> {
                // An int is already whole; a number stays a number (3.7.floor() is 3.0).
                arity(name, args, 0, 0);
                if (isInt) return n;
                return switch (name) {
                    case "floor" -> Math.floor(d);
                    case "ceil" -> Math.ceil(d);
                    case "round" -> roundHalfAway(d);
                    default -> d < 0 ? Math.ceil(d) : Math.floor(d);
                };
            }
            case "sign" -> {
                arity(name, args, 0, 0);
                return isInt ? (Object) (long) Long.signum((Long) n) : (Object) Math.signum(d);
            }
            case "sqrt" -> {
                arity(name, args, 0, 0);
                return Math.sqrt(d);
            }
            case "pow" -> {
                arity(name, args, 1, 1);
                return Globals.pow(n, args[0]);
            }
            case "min", "max" -> {
                arity(name, args, 1, 1);
                int c = Values.compare(n, args[0]);
                return name.equals("min") ? (c <= 0 ? n : args[0]) : (c >= 0 ? n : args[0]);
            }
            case "clamp" -> {
                arity(name, args, 2, 2);
                if (Values.compare(n, args[0]) < 0) return args[0];
                if (Values.compare(n, args[1]) > 0) return args[1];
                return n;
            }
            case "toInt", "to_int" -> {
                arity(name, args, 0, 0);
                return Globals.toInt(n);
            }
            case "toNumber", "to_number", "toFloat", "to_float" -> {
                arity(name, args, 0, 0);
                return d;
            }
            case "isNaN", "is_nan" -> {
                arity(name, args, 0, 0);
                return Double.isNaN(d);
            }
            case "isFinite", "is_finite" -> {
                arity(name, args, 0, 0);
                return !Double.isNaN(d) && !Double.isInfinite(d);
            }
            case "isInteger", "is_integer" -> {
                arity(name, args, 0, 0);
                return isInt || (d == Math.rint(d) && !Double.isInfinite(d));
            }
            case "toFixed", "to_fixed" -> {
                arity(name, args, 1, 1);
                int digits = Methods.intArg(name, args[0]);
                if (digits < 0 || digits > 100) throw ShapeError.runtime("toFixed(): digits must be 0 to 100, got " + digits);
                if (Double.isNaN(d) || Double.isInfinite(d)) return Values.formatNumber(d);
                return new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }

    /** Rounds halves away from zero, like Rust's f64::round (2.5 -> 3.0, -2.5 -> -3.0). */
    static double roundHalfAway(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return d;
        double t = d < 0 ? Math.ceil(d) : Math.floor(d);
        // d - t is exact, so 0.49999999999999994 stays below one half (adding 0.5 would round up).
        return Math.abs(d - t) >= 0.5 ? t + Math.copySign(1.0, d) : t;
    }

    // ---- ranges ----

    private static Object range(CallContext ctx, RangeValue r, String name, Object[] args) {
        switch (name) {
            case "len", "length" -> {
                arity(name, args, 0, 0);
                return rangeLength(r);
            }
            case "count" -> {
                if (args.length == 0) return rangeLength(r);
            }
            case "isEmpty" -> {
                arity(name, args, 0, 0);
                return (Long) rangeLength(r) == 0;
            }
            case "contains", "includes" -> {
                // Checked against the bounds, without building the range.
                arity(name, args, 1, 1);
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
            default -> { }
        }
        // Everything else (map, filter, reduce, sum, collect, ...) works on the materialised range.
        return ArrayMethods.call(ctx, materialize(ctx, r), name, args);
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

    private static Object object(CallContext ctx, ObjectValue o, String name, Object[] args) {
        switch (name) {
            case "keys", "values" -> {
                arity(name, args, 0, 0);
                chargeSlots(ctx, o.fields.size());
                return new ArrayValue(new ArrayList<>(name.equals("keys") ? o.fields.keySet() : o.fields.values()));
            }
            case "entries" -> {
                arity(name, args, 0, 0);
                chargeSlots(ctx, 3L * o.fields.size());
                ArrayList<Object> out = new ArrayList<>(o.fields.size());
                for (Map.Entry<String, Object> e : o.fields.entrySet()) out.add(ArrayMethods.pair(e.getKey(), e.getValue()));
                return new ArrayValue(out);
            }
            case "has", "hasKey", "has_key", "hasOwnProperty" -> {
                arity(name, args, 1, 1);
                return args[0] instanceof String k && o.fields.containsKey(k);
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }
}
