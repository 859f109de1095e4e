package dev.shaperemote.vm;

import java.util.ArrayList;

/**
 * Shape's operators on values other than two ints (the interpreter handles that case inline):
 * int and int stay int, a number on either side makes a number, {@code +} joins strings and arrays.
 */
public final class Arith {
    private Arith() {}

    public static Object add(Object a, Object b, CallContext ctx) {
        if (a instanceof Long x && b instanceof Long y) return addInts(x, y);
        if (Values.isNumeric(a) && Values.isNumeric(b)) return Values.toDouble(a) + Values.toDouble(b);
        if (a instanceof String s && b instanceof String t) {
            Methods.chargeChars(ctx, (long) s.length() + t.length() + 20); // the size is known: charge it before building
            return s.concat(t);
        }
        if (a instanceof String || b instanceof String) {
            TextBuilder sb = TextBuilder.string(ctx);
            try {
                Values.display(sb, a);
                Values.display(sb, b);
                ctx.chargeMemory(40);
                return sb.finish();
            } finally {
                sb.release();
            }
        }
        if (a instanceof ArrayValue x && b instanceof ArrayValue y) {
            ctx.chargeMemory(8L * (x.size() + y.size()) + 16);
            ArrayList<Object> items = new ArrayList<>(x.size() + y.size());
            items.addAll(x.items);
            items.addAll(y.items);
            return new ArrayValue(items);
        }
        if (a instanceof ObjectValue x && b instanceof ObjectValue y && x.typeName == null && y.typeName == null) {
            // Two plain objects merge into a new one, as {...a, ...b}: b's value wins for a key both have.
            ctx.chargeMemory(32L * (x.fields.size() + y.fields.size()) + 16);
            ObjectValue merged = new ObjectValue();
            merged.fields.putAll(x.fields);
            merged.fields.putAll(y.fields);
            return merged;
        }
        return overloaded("add", "+", a, b, ctx);
    }

    public static long addInts(long x, long y) {
        long r = x + y;
        if (((x ^ r) & (y ^ r)) < 0) throw ShapeError.runtime("integer overflow in " + x + " + " + y);
        return r;
    }

    public static long subInts(long x, long y) {
        long r = x - y;
        if (((x ^ y) & (x ^ r)) < 0) throw ShapeError.runtime("integer overflow in " + x + " - " + y);
        return r;
    }

    public static long mulInts(long x, long y) {
        long hi = Math.multiplyHigh(x, y), lo = x * y;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
        throw ShapeError.runtime("integer overflow in " + x + " * " + y);
    }

    public static Object sub(Object a, Object b) { return sub(a, b, null); }

    /** {@code a - b}; with a {@code ctx}, operands that are not numbers may have a {@code sub} method (impl Sub). */
    public static Object sub(Object a, Object b, CallContext ctx) {
        if (a instanceof Long x && b instanceof Long y) return subInts(x, y);
        if (Values.isNumeric(a) && Values.isNumeric(b)) return Values.toDouble(a) - Values.toDouble(b);
        return overloaded("sub", "-", a, b, ctx);
    }

    public static Object mul(Object a, Object b, CallContext ctx) {
        if (a instanceof Long x && b instanceof Long y) return mulInts(x, y);
        if (Values.isNumeric(a) && Values.isNumeric(b)) return Values.toDouble(a) * Values.toDouble(b);
        if (a instanceof String s && b instanceof Long n) return repeat(s, n, ctx);
        return overloaded("mul", "*", a, b, ctx);
    }

    private static String repeat(String s, long n, CallContext ctx) {
        if (n < 0) throw ShapeError.runtime("cannot repeat a string a negative number of times");
        return StringMethods.repeat(ctx, s, n);
    }

    public static Object div(Object a, Object b) { return div(a, b, null); }

    /** {@code a / b}; with a {@code ctx}, operands that are not numbers may have a {@code div} method (impl Div). */
    public static Object div(Object a, Object b, CallContext ctx) {
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0) throw ShapeError.runtime("division by zero");
            if (x == Long.MIN_VALUE && y == -1) throw ShapeError.runtime("integer overflow in division");
            return x / y;
        }
        if (Values.isNumeric(a) && Values.isNumeric(b)) {
            double d = Values.toDouble(b);
            if (d == 0.0) throw ShapeError.runtime("division by zero");
            return Values.toDouble(a) / d;
        }
        return overloaded("div", "/", a, b, ctx);
    }

    public static Object mod(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0) throw ShapeError.runtime("division by zero in modulo");
            if (y == -1) return 0L;
            return x % y;
        }
        if (Values.isNumeric(a) && Values.isNumeric(b)) {
            double d = Values.toDouble(b);
            if (d == 0.0) throw ShapeError.runtime("division by zero in modulo");
            return Values.toDouble(a) % d;
        }
        throw mismatch("%", a, b);
    }

    public static Object pow(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y && y >= 0) {
            long result = 1, base = x, e = y;
            while (e > 0) {
                if ((e & 1) == 1) result = mulInts(result, base);
                e >>= 1;
                if (e > 0) base = mulInts(base, base);
            }
            return result;
        }
        if (Values.isNumeric(a) && Values.isNumeric(b)) return Math.pow(Values.toDouble(a), Values.toDouble(b));
        throw mismatch("**", a, b);
    }

    public static Object neg(Object a) { return neg(a, null); }

    /** {@code -a}; with a {@code ctx}, a value that is not a number may have a {@code neg} method (impl Neg). */
    public static Object neg(Object a, CallContext ctx) {
        if (a instanceof Long x) {
            if (x == Long.MIN_VALUE) throw ShapeError.runtime("integer overflow in negation");
            return -x;
        }
        if (a instanceof Double d) return -d;
        Object method = ctx == null ? null : ctx.userMethod(a, "neg");
        if (method == null) throw ShapeError.runtime("cannot negate " + Values.typeName(a));
        return ctx.call(method, a);
    }

    public static long bits(String op, Object a, Object b) {
        if (!(a instanceof Long x) || !(b instanceof Long y)) throw mismatch(op, a, b);
        return switch (op) {
            case "&" -> x & y;
            case "|" -> x | y;
            case "^" -> x ^ y;
            case "<<" -> y < 0 || y > 63 ? fail("shift amount " + y + " is out of range 0..63") : x << y;
            case ">>" -> y < 0 || y > 63 ? fail("shift amount " + y + " is out of range 0..63") : x >> y;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static long fail(String message) { throw ShapeError.runtime(message); }

    /**
     * An operator on operands it has no meaning for: the left operand's type may define it ({@code impl Add for
     * Vec2 { method add(other) ... }} makes {@code a + b} call {@code a.add(b)}); otherwise a mismatch error.
     */
    private static Object overloaded(String method, String op, Object a, Object b, CallContext ctx) {
        Object m = ctx == null ? null : ctx.userMethod(a, method);
        if (m == null) throw mismatch(op, a, b);
        return ctx.call(m, a, b);
    }

    public static ShapeError mismatch(String op, Object a, Object b) {
        return ShapeError.runtime("cannot apply '" + op + "' to " + Values.typeName(a) + " and " + Values.typeName(b));
    }
}
