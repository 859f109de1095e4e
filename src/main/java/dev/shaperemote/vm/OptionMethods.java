package dev.shaperemote.vm;

import static dev.shaperemote.vm.Methods.callableArg;

/**
 * Methods of Option and Result values: {@code Some(v)}, {@code None}, {@code Ok(v)}, {@code Err(e)}.
 * Builtins such as {@code find} and {@code HashMap.get} return a bare value or None, so a bare
 * present value answers the Option methods as if it were {@code Some(value)} (see callOnPresent).
 */
final class OptionMethods {
    private OptionMethods() {}

    private static final MethodTable<Object> TABLE = new MethodTable<>()
            .def(0, 0, (ctx, r, name, args) -> r instanceof SomeValue, "isSome", "is_some")
            .def(0, 0, (ctx, r, name, args) -> r == Nil.NONE, "isNone", "is_none")
            .def(0, 0, (ctx, r, name, args) -> r instanceof OkValue, "isOk", "is_ok")
            .def(0, 0, (ctx, r, name, args) -> r instanceof ErrValue, "isErr", "is_err")
            .def(0, 0, OptionMethods::unwrap, "unwrap")
            .def(1, 1, OptionMethods::expect, "expect")
            .def(0, 1, OptionMethods::unwrapErr, "unwrapErr", "unwrap_err", "expectErr", "expect_err")
            .def(1, 1, (ctx, r, name, args) -> present(r) ? inner(r) : args[0], "unwrapOr", "unwrap_or")
            .def(1, 1, (ctx, r, name, args) -> present(r) ? inner(r) : fallback(ctx, r, name, args), "unwrapOrElse", "unwrap_or_else")
            .def(1, 1, OptionMethods::map, "map")
            .def(1, 1, OptionMethods::mapErr, "mapErr", "map_err")
            .def(1, 1, OptionMethods::andThen, "andThen", "and_then", "flatMap")
            .def(1, 1, (ctx, r, name, args) -> present(r) ? r : fallback(ctx, r, name, args), "orElse", "or_else")
            .def(1, 1, (ctx, r, name, args) -> present(r) ? r : args[0], "or")
            .def(1, 1, (ctx, r, name, args) -> present(r) ? args[0] : r, "and")
            .def(0, 0, OptionMethods::ok, "ok")
            .def(0, 0, (ctx, r, name, args) -> r instanceof ErrValue ? new SomeValue(inner(r)) : Nil.NONE, "err")
            .def(1, 1, OptionMethods::okOr, "okOr", "ok_or")
            .def(1, 1, OptionMethods::filter, "filter");

    /**
     * The Option methods a bare present value answers as Some(value) would. The argument counts are
     * checked by the Option method each one runs.
     */
    private static final MethodTable<Object> ON_PRESENT = new MethodTable<>()
            .def(0, -1, OptionMethods::asSome, "isSome", "is_some", "isNone", "is_none", "unwrap", "expect", "unwrapOr",
                    "unwrap_or", "unwrapOrElse", "unwrap_or_else", "orElse", "or_else", "or", "okOr", "ok_or")
            .def(1, 1, (ctx, v, name, args) -> ctx.call(callableArg(name, args[0]), v), "map", "andThen", "and_then");

    /** A method of Some, None, Ok or Err; NOT_FOUND when there is none of that name. */
    static Object call(CallContext ctx, Object recv, String name, Object[] args) { return TABLE.call(ctx, recv, name, args); }

    /** Option methods on a bare present value, which stands for Some(value); NOT_FOUND for anything else. */
    static Object callOnPresent(CallContext ctx, Object value, String name, Object[] args) {
        return ON_PRESENT.call(ctx, value, name, args);
    }


    // ---- the methods that take more than a line ----

    /** Some and Ok hold a value the unwrapping methods hand out; None and Err do not. */
    private static boolean present(Object recv) { return recv instanceof SomeValue || recv instanceof OkValue; }

    /** The value inside Some, Ok or Err; null for None. */
    private static Object inner(Object recv) {
        return recv instanceof SomeValue s ? s.value()
                : recv instanceof OkValue o ? o.value()
                : recv instanceof ErrValue e ? e.value() : null;
    }

    private static Object unwrap(CallContext ctx, Object recv, String name, Object[] args) {
        if (present(recv)) return inner(recv);
        throw ShapeError.runtime(recv == Nil.NONE ? "called unwrap() on None" : "called unwrap() on " + Values.describe(recv));
    }

    private static Object expect(CallContext ctx, Object recv, String name, Object[] args) {
        if (present(recv)) return inner(recv);
        String msg = Values.describe(args[0]);
        throw ShapeError.runtime(recv == Nil.NONE ? msg : msg + ": " + Values.describe(inner(recv)));
    }

    private static Object unwrapErr(CallContext ctx, Object recv, String name, Object[] args) {
        if (recv instanceof ErrValue e) return e.value();
        throw ShapeError.runtime(args.length > 0 ? Values.describe(args[0]) : "called " + name + "() on " + Values.describe(recv));
    }

    private static Object map(CallContext ctx, Object recv, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        if (recv instanceof SomeValue s) return new SomeValue(ctx.call(f, s.value()));
        if (recv instanceof OkValue o) return new OkValue(ctx.call(f, o.value()));
        return recv;
    }

    private static Object mapErr(CallContext ctx, Object recv, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        return recv instanceof ErrValue e ? new ErrValue(ctx.call(f, e.value())) : recv;
    }

    private static Object andThen(CallContext ctx, Object recv, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        return present(recv) ? ctx.call(f, inner(recv)) : recv;
    }

    private static Object ok(CallContext ctx, Object recv, String name, Object[] args) {
        if (recv instanceof OkValue o) return new SomeValue(o.value());
        if (recv instanceof ErrValue) return Nil.NONE;
        return recv;
    }

    private static Object okOr(CallContext ctx, Object recv, String name, Object[] args) {
        if (recv instanceof SomeValue s) return new OkValue(s.value());
        if (recv == Nil.NONE) return new ErrValue(args[0]);
        return recv;
    }

    private static Object filter(CallContext ctx, Object recv, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        if (recv instanceof SomeValue s) return Values.truthy(ctx.call(f, s.value())) ? recv : Nil.NONE;
        return recv;
    }

    /** Runs Some(value)'s method; what would hand back that Some hands back the bare value instead. */
    private static Object asSome(CallContext ctx, Object value, String name, Object[] args) {
        Object r = TABLE.call(ctx, new SomeValue(value), name, args);
        return r instanceof SomeValue s && s.value() == value ? value : r;
    }

    /** unwrapOrElse/orElse on None or Err: the fallback's result. */
    private static Object fallback(CallContext ctx, Object recv, String name, Object[] args) {
        return callMaybeWithError(ctx, callableArg(name, args[0]), recv, inner(recv));
    }

    /** Calls a fallback: with the Err payload when there is one and the callback takes a parameter. */
    private static Object callMaybeWithError(CallContext ctx, Object f, Object recv, Object err) {
        if (recv instanceof ErrValue && Methods.arityOf(f) != 0) return ctx.call(f, err);
        return ctx.call(f);
    }
}
