package dev.shaperemote.vm;

/**
 * Functions the compiler calls for the rarer operators: {@code a !! context}, {@code a ~= b} and {@code x?} in a
 * Result function; for a value stored in a struct field declared {@code number}; and for {@code c"..."} strings.
 */
final class Intrinsics {
    private Intrinsics() {}

    static NativeFunction lookup(String name) { return TABLE.get(name); }

    /**
     * {@code value !! "context"} always gives a Result: an Err gains the context in front of its cause, None
     * becomes Err(context), Ok passes, and any other value (Some(x) is x at run time) becomes Ok(value).
     */
    private static final NativeFunction WITH_CONTEXT = new NativeFunction() {
        @Override public String name() { return "!!"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            Object v = args[0];
            String context = Values.display(args[1], ctx);
            if (v instanceof ErrValue e) {
                TextBuilder sb = TextBuilder.string(ctx);
                try {
                    Values.display(sb.append(context).append(": "), e.value());
                    return new ErrValue(sb.finish());
                } finally {
                    sb.release();
                }
            }
            if (v == Nil.NONE) return new ErrValue(context);
            if (v instanceof OkValue) return v;
            return new OkValue(v instanceof SomeValue s ? s.value() : v);
        }
    };

    /** The operand of {@code ?} in a function declared to return a Result: None becomes an Err, the rest passes. */
    private static final NativeFunction NONE_TO_ERR = new NativeFunction() {
        @Override public String name() { return "?"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            return args[0] == Nil.NONE ? new ErrValue("None propagated by '?'") : args[0];
        }
    };

    /**
     * {@code __drop(value, keep)}, which the compiler calls where a binding's scope ends: a struct value whose type
     * has a {@code drop} method (impl Drop) gets it called, once in its life, unless it is {@code keep} (the value
     * the scope hands on).
     */
    private static final NativeFunction DROP = new NativeFunction() {
        @Override public String name() { return "drop"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            if (args[0] instanceof ObjectValue o && o != args[1] && !o.dropped) {
                Object drop = ctx.userMethod(o, "drop");
                if (drop != null) {
                    o.dropped = true;
                    ctx.call(drop, o);
                }
            }
            return Nil.UNIT;
        }
    };

    /** A value for a struct field declared {@code number}: an int becomes that number (3 is stored as 3.0); the rest passes. */
    private static final NativeFunction NUMBER_FIELD = new NativeFunction() {
        @Override public String name() { return "number field"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            return args[0] instanceof Long l ? (Object) (double) l : args[0];
        }
    };

    /**
     * {@code __as_struct(value, type, fields, numberFields)}, which {@code value as T} compiles to for a declared
     * struct {@code T} (fields: its field names, comma-separated; numberFields: those declared number). A value of
     * type {@code T} passes; an object becomes a new {@code T} with exactly those fields, which it must all have.
     * For an intersection {@code (A + B)} the type is {@code A+B}: the object must have every field of both and
     * passes unchanged.
     */
    private static final NativeFunction AS_STRUCT = new NativeFunction() {
        @Override public String name() { return "as"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            String type = (String) args[1];
            boolean intersection = type.indexOf('+') >= 0;
            if (!intersection && Types.is(args[0], type)) return args[0];
            if (!(args[0] instanceof ObjectValue o)) {
                throw ShapeError.runtime("cannot convert " + Values.typeName(args[0]) + " to " + type);
            }
            String[] fields = ((String) args[2]).isEmpty() ? new String[0] : ((String) args[2]).split(",");
            java.util.Set<String> numbers = java.util.Set.of(((String) args[3]).isEmpty() ? new String[0] : ((String) args[3]).split(","));
            for (String f : fields) {
                if (!o.fields.containsKey(f)) {
                    throw ShapeError.runtime("cannot convert object to " + type + ": it has no field '" + f + "', which "
                            + type + " declares");
                }
            }
            if (intersection) return o;
            ctx.chargeMemory(32L * fields.length + 16);
            java.util.LinkedHashMap<String, Object> copied = new java.util.LinkedHashMap<>();
            for (String f : fields) {
                Object v = o.fields.get(f);
                copied.put(f, numbers.contains(f) && v instanceof Long l ? (Object) (double) l : v);
            }
            return new ObjectValue(copied, type);
        }
    };

    /** {@code a ~= b}: equal within 2% of the larger magnitude; {@code a ~= b within t}: within {@code t}. */
    private static final NativeFunction APPROX_EQ = new NativeFunction() {
        @Override public String name() { return "~="; }

        @Override public Object call(CallContext ctx, Object[] args) {
            double a = Values.toDouble(args[0]), b = Values.toDouble(args[1]);
            double tolerance = args.length > 2 ? Values.toDouble(args[2]) : 0.02 * Math.max(Math.abs(a), Math.abs(b));
            return Math.abs(a - b) <= tolerance;
        }
    };

    // After the functions: static fields initialise in order.
    private static final java.util.Map<String, NativeFunction> TABLE = java.util.Map.of(
            "__with_context", WITH_CONTEXT, "__approx_eq", APPROX_EQ, "__none_to_err", NONE_TO_ERR,
            "__number_field", NUMBER_FIELD, "__drop", DROP, "__as_struct", AS_STRUCT,
            "__content", ContentMethods.JOIN, "__content_styled", ContentMethods.STYLED);

    /** The names the compiler may emit for these (bytecode.Builtins lists them too; BuiltinsTest keeps both equal). */
    static final java.util.Set<String> NAMES = TABLE.keySet();
}
