package dev.shaperemote.vm.jit;

import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.Values;

/**
 * Operations of compiled code on values whose type is not known statically. Each does only what it can
 * do exactly as the interpreter would, with no error and no allocation the interpreter would count;
 * otherwise it answers "not here" ({@code null} or -1) and the compiled code deoptimises, so the
 * interpreter runs the instruction itself and fails or allocates as it always does.
 */
public final class JitOps {
    private JitOps() {}

    public static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            return ((x ^ r) & (y ^ r)) < 0 ? null : (Object) r;
        }
        return bothNumeric(a, b) ? (Object) (Values.toDouble(a) + Values.toDouble(b)) : null;
    }

    public static Object sub(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x - y;
            return ((x ^ y) & (x ^ r)) < 0 ? null : (Object) r;
        }
        return bothNumeric(a, b) ? (Object) (Values.toDouble(a) - Values.toDouble(b)) : null;
    }

    public static Object mul(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return mulOverflows(x, y) ? null : (Object) (x * y);
        return bothNumeric(a, b) ? (Object) (Values.toDouble(a) * Values.toDouble(b)) : null;
    }

    public static Object div(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return divFails(x, y) ? null : (Object) (x / y);
        if (!bothNumeric(a, b) || Values.toDouble(b) == 0.0) return null;
        return Values.toDouble(a) / Values.toDouble(b);
    }

    public static Object mod(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return y == 0 ? null : (Object) modInts(x, y);
        if (!bothNumeric(a, b) || Values.toDouble(b) == 0.0) return null;
        return Values.toDouble(a) % Values.toDouble(b);
    }

    public static Object neg(Object a) {
        if (a instanceof Long x) return x == Long.MIN_VALUE ? null : (Object) (-x);
        if (a instanceof Double d) return -d;
        return null;
    }

    public static boolean mulOverflows(long x, long y) {
        long hi = Math.multiplyHigh(x, y), lo = x * y;
        return !((hi == 0 && lo >= 0) || (hi == -1 && lo < 0));
    }

    public static boolean divFails(long x, long y) { return y == 0 || x == Long.MIN_VALUE && y == -1; }

    /** Shape's int modulo once the divisor is known not to be 0. */
    public static long modInts(long x, long y) { return y == -1 ? 0 : x % y; }

    /**
     * Comparison {@code kind} (0 {@code <}, 1 {@code <=}, 2 {@code >}, 3 {@code >=}, 4 {@code ==}, 5 {@code !=})
     * as the interpreter decides it: 1 holds, 0 does not, -1 the interpreter must (it would fail).
     */
    public static int compare(int kind, Object a, Object b) {
        try {
            if (kind >= 4) return Values.equal(a, b) == (kind == 4) ? 1 : 0;
            int c = a instanceof Long x && b instanceof Long y ? Long.compare(x, y) : Values.compare(a, b);
            boolean holds = switch (kind) {
                case 0 -> c < 0;
                case 1 -> c <= 0;
                case 2 -> c > 0;
                default -> c >= 0;
            };
            return holds ? 1 : 0;
        } catch (ShapeError e) {
            return -1;
        }
    }

    /** Numbers compared as the interpreter does when either side is a number and neither an int pair. */
    public static int compareNumbers(double a, double b) { return Double.compare(a, b); }

    public static boolean truthy(Object v) { return Values.truthy(v); }

    private static boolean bothNumeric(Object a, Object b) { return Values.isNumeric(a) && Values.isNumeric(b); }
}
