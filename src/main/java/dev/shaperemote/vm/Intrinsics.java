package dev.shaperemote.vm;

/** Functions the compiler calls for the rarer operators: {@code a !! context} and {@code a ~= b}. */
final class Intrinsics {
    private Intrinsics() {}

    static NativeFunction lookup(String name) {
        return switch (name) {
            case "__with_context" -> WITH_CONTEXT;
            case "__approx_eq" -> APPROX_EQ;
            default -> null;
        };
    }

    /** {@code result !! "context"}: an Err or None gains the context in front of its cause; Ok and values pass. */
    private static final NativeFunction WITH_CONTEXT = new NativeFunction() {
        @Override public String name() { return "!!"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            Object v = args[0];
            String context = Values.display(args[1]);
            if (v instanceof ErrValue e) return new ErrValue(context + ": " + Values.display(e.value()));
            if (v == Nil.NONE) return new ErrValue(context);
            return v;
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
}
