package dev.shaperemote.vm;

import dev.shaperemote.bytecode.FunctionProto;

/**
 * Entry point for builtin method calls ({@code receiver.name(args)}) and builtin properties
 * ({@code arr.length}), dispatching on the receiver's type. Also holds the small argument helpers
 * the per-type method classes share.
 */
public final class Methods {
    /** Returned by a per-type {@code call} when it has no method of that name. */
    static final Object NOT_FOUND = new Object();

    private Methods() {}

    public static Object call(CallContext ctx, Object receiver, String name, Object[] args) {
        if (args == null) args = new Object[0];
        Object r = NOT_FOUND;
        if (receiver instanceof String s) {
            r = StringMethods.call(ctx, s, name, args);
        } else if (receiver instanceof ArrayValue a) {
            r = ArrayMethods.call(ctx, a, name, args);
        } else if (receiver instanceof MapValue m) {
            r = MapMethods.call(ctx, m, name, args);
        } else if (receiver instanceof TypedArray t) {
            r = ArrayMethods.callTyped(ctx, t, name, args);
        } else if (receiver instanceof ContentValue c) {
            r = ContentMethods.call(ctx, c, name, args);
        } else if (receiver == ContentMethods.NAMESPACE) {
            r = ContentMethods.build(ctx, name, args);
        } else if (receiver == Nil.NONE || receiver instanceof SomeValue
                || receiver instanceof OkValue || receiver instanceof ErrValue) {
            r = OptionMethods.call(ctx, receiver, name, args);
        } else {
            r = ObjectMethods.call(ctx, receiver, name, args);
        }
        if (r != NOT_FOUND) return r;
        if (name.equals("toString") || name.equals("to_string")) {
            arity(name, args, 0, 0);
            return Values.display(receiver, ctx);
        }
        if (name.equals("type")) {
            arity(name, args, 0, 0);
            return receiver instanceof ObjectValue o && o.typeName != null ? o.typeName : Values.typeName(receiver);
        }
        // A present value of any other type behaves as Some(value) for the Option helpers
        // (find/get return the bare value or None, so `x.unwrapOr(d)` must work on both).
        if (receiver != Nil.UNIT) {
            r = OptionMethods.callOnPresent(ctx, receiver, name, args);
            if (r != NOT_FOUND) return r;
        }
        // "Unknown method 'contains'" is the wording the cases expect (arrays_vectors/methods#6).
        throw ShapeError.runtime("Unknown method '" + name + "' on " + Values.typeName(receiver)
                + ": " + Values.typeName(receiver) + " has no method '" + name + "'");
    }

    /** Builtin properties that are not object fields ({@code arr.length}, {@code str.length}, ...). */
    public static Object getField(Object receiver, String name) {
        if (name.equals("length")) {
            if (receiver instanceof String s) return (long) StringMethods.length(s);
            if (receiver instanceof ArrayValue a) return (long) a.size();
            if (receiver instanceof MapValue m) return (long) m.entries().size();
            if (receiver instanceof TypedArray t) return (long) t.length;
            if (receiver instanceof BytesValue b) return (long) b.data().length;
            if (receiver instanceof RangeValue r) return ObjectMethods.rangeLength(r);
        }
        if (receiver instanceof RangeValue r) {
            if (name.equals("start")) return r.start() == null ? Nil.NONE : r.start();
            if (name.equals("end")) return r.end() == null ? Nil.NONE : r.end();
        }
        if (receiver instanceof MatrixValue m) {
            if (name.equals("rows")) return (long) m.rows();
            if (name.equals("cols")) return (long) m.cols();
        }
        if (receiver instanceof ObjectValue o && o.fields.containsKey(name)) return o.fields.get(name);
        throw ShapeError.runtime(Values.typeName(receiver) + " has no property '" + name + "'");
    }

    // ---- argument helpers shared by the method classes ----

    /** Checks the argument count; {@code max < 0} means unbounded. */
    static void arity(String name, Object[] args, int min, int max) {
        if (args.length < min || (max >= 0 && args.length > max)) {
            String want = min == max ? Integer.toString(min)
                    : max < 0 ? "at least " + min : min + " to " + max;
            throw ShapeError.runtime(name + "() takes " + want + " argument" + (want.equals("1") ? "" : "s")
                    + ", got " + args.length);
        }
    }

    /** An int argument as a Java int; an integral number is accepted, anything that does not fit is an error. */
    static int intArg(String method, Object v) {
        long l = longArg(method, v);
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw ShapeError.runtime(method + "(): " + l + " is out of range");
        }
        return (int) l;
    }

    static long longArg(String method, Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 9.2e18) return (long) (double) d;
            throw ShapeError.runtime(method + "(): expected an int, got " + Values.formatNumber(d));
        }
        throw ShapeError.runtime(method + "(): expected an int, got " + Values.typeName(v));
    }

    /** An index/count argument clamped into [0, size]: negatives count as 0, huge values as size. */
    static int clampArg(String method, Object v, int size) {
        long l;
        if (v instanceof Double d) {
            if (Double.isNaN(d)) throw ShapeError.runtime(method + "(): expected an int, got NaN");
            l = d >= 9.2e18 ? Long.MAX_VALUE : d <= -9.2e18 ? Long.MIN_VALUE : (long) (double) d;
        } else {
            l = longArg(method, v);
        }
        return (int) Math.max(0, Math.min(size, l));
    }

    static String strArg(String method, Object v) {
        if (v instanceof String s) return s;
        throw ShapeError.runtime(method + "(): expected a string, got " + Values.typeName(v));
    }

    static Object callableArg(String method, Object v) {
        if (v instanceof Closure || v instanceof NativeFunction || v instanceof FunctionProto) return v;
        throw ShapeError.runtime(method + "(): expected a function, got " + Values.typeName(v));
    }

    /** Declared parameter count of a callable, or -1 when it is not known (natives). */
    static int arityOf(Object f) {
        if (f instanceof Closure c) return c.proto.arity;
        if (f instanceof FunctionProto p) return p.arity;
        return -1;
    }

    /** Calls an element callback, passing the index too only when the callback declares a second parameter. */
    static Object callElem(CallContext ctx, Object f, Object elem, int index) {
        if (arityOf(f) >= 2) return ctx.call(f, elem, (long) index);
        return ctx.call(f, elem);
    }

    /** Elements a builtin loop handles between two looks at the cancel flag: coarse, so the look is nearly free. */
    static final int CHECK_EVERY = 1 << 12;

    /** Call with a loop's counter: every {@link #CHECK_EVERY} elements, a cancelled run stops here. */
    static void tick(CallContext ctx, long i) {
        if ((i & (CHECK_EVERY - 1)) == 0) ctx.checkCancelled();
    }

    /** Charges {@code n} array slots (8 bytes each) before they are allocated. */
    static void chargeSlots(CallContext ctx, long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            ctx.chargeMemory(Long.MAX_VALUE / 2);
            throw ShapeError.limit("collection of " + n + " elements is too large");
        }
        ctx.chargeMemory(8L * n);
    }

    /** Charges a string of {@code n} UTF-16 units (2 bytes each) before it is built. */
    static void chargeChars(CallContext ctx, long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            ctx.chargeMemory(Long.MAX_VALUE / 2);
            throw ShapeError.limit("string of " + n + " characters is too large");
        }
        ctx.chargeMemory(2L * n);
    }
}
