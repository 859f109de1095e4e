package dev.shaperemote.vm;

import static dev.shaperemote.vm.Methods.arity;
import static dev.shaperemote.vm.Methods.callableArg;

/**
 * Methods of Option and Result values: {@code Some(v)}, {@code None}, {@code Ok(v)}, {@code Err(e)}.
 * Builtins such as {@code find} and {@code HashMap.get} return a bare value or None, so a bare
 * present value answers the Option methods as if it were {@code Some(value)} (see callOnPresent).
 */
final class OptionMethods {
    private OptionMethods() {}

    static Object call(CallContext ctx, Object recv, String name, Object[] args) {
        boolean present = recv instanceof SomeValue || recv instanceof OkValue;
        Object inner = recv instanceof SomeValue s ? s.value()
                : recv instanceof OkValue o ? o.value()
                : recv instanceof ErrValue e ? e.value() : null;
        switch (name) {
            case "isSome", "is_some" -> {
                arity(name, args, 0, 0);
                return recv instanceof SomeValue;
            }
            case "isNone", "is_none" -> {
                arity(name, args, 0, 0);
                return recv == Nil.NONE;
            }
            case "isOk", "is_ok" -> {
                arity(name, args, 0, 0);
                return recv instanceof OkValue;
            }
            case "isErr", "is_err" -> {
                arity(name, args, 0, 0);
                return recv instanceof ErrValue;
            }
            case "unwrap" -> {
                arity(name, args, 0, 0);
                if (present) return inner;
                throw ShapeError.runtime(recv == Nil.NONE ? "called unwrap() on None"
                        : "called unwrap() on " + Values.describe(recv));
            }
            case "expect" -> {
                arity(name, args, 1, 1);
                if (present) return inner;
                String msg = Values.describe(args[0]);
                throw ShapeError.runtime(recv == Nil.NONE ? msg : msg + ": " + Values.describe(inner));
            }
            case "unwrapErr", "unwrap_err", "expectErr", "expect_err" -> {
                arity(name, args, 0, 1);
                if (recv instanceof ErrValue) return inner;
                throw ShapeError.runtime(args.length > 0 ? Values.describe(args[0])
                        : "called " + name + "() on " + Values.describe(recv));
            }
            case "unwrapOr", "unwrap_or" -> {
                arity(name, args, 1, 1);
                return present ? inner : args[0];
            }
            case "unwrapOrElse", "unwrap_or_else" -> {
                arity(name, args, 1, 1);
                if (present) return inner;
                return callMaybeWithError(ctx, callableArg(name, args[0]), recv, inner);
            }
            case "map" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                if (recv instanceof SomeValue) return new SomeValue(ctx.call(f, inner));
                if (recv instanceof OkValue) return new OkValue(ctx.call(f, inner));
                return recv;
            }
            case "mapErr", "map_err" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                return recv instanceof ErrValue ? new ErrValue(ctx.call(f, inner)) : recv;
            }
            case "andThen", "and_then", "flatMap" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                return present ? ctx.call(f, inner) : recv;
            }
            case "orElse", "or_else" -> {
                arity(name, args, 1, 1);
                if (present) return recv;
                return callMaybeWithError(ctx, callableArg(name, args[0]), recv, inner);
            }
            case "or" -> {
                arity(name, args, 1, 1);
                return present ? recv : args[0];
            }
            case "and" -> {
                arity(name, args, 1, 1);
                return present ? args[0] : recv;
            }
            case "ok" -> {
                arity(name, args, 0, 0);
                if (recv instanceof OkValue) return new SomeValue(inner);
                if (recv instanceof ErrValue) return Nil.NONE;
                return recv;
            }
            case "err" -> {
                arity(name, args, 0, 0);
                return recv instanceof ErrValue ? new SomeValue(inner) : Nil.NONE;
            }
            case "okOr", "ok_or" -> {
                arity(name, args, 1, 1);
                if (recv instanceof SomeValue) return new OkValue(inner);
                if (recv == Nil.NONE) return new ErrValue(args[0]);
                return recv;
            }
            case "filter" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                if (recv instanceof SomeValue) return Values.truthy(ctx.call(f, inner)) ? recv : Nil.NONE;
                return recv;
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }

    /** Option methods on a bare present value, which stands for Some(value); NOT_FOUND for anything else. */
    static Object callOnPresent(CallContext ctx, Object value, String name, Object[] args) {
        switch (name) {
            case "isSome", "is_some", "isNone", "is_none", "unwrap", "expect", "unwrapOr", "unwrap_or",
                 "unwrapOrElse", "unwrap_or_else", "orElse", "or_else", "or", "okOr", "ok_or" -> {
                Object r = call(ctx, new SomeValue(value), name, args);
                // Keep the bare representation: orElse/or hand back the receiver, not a new Some.
                return r instanceof SomeValue s && s.value() == value ? value : r;
            }
            case "map", "andThen", "and_then" -> {
                arity(name, args, 1, 1);
                return ctx.call(callableArg(name, args[0]), value);
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }

    /** Calls a fallback: with the Err payload when there is one and the callback takes a parameter. */
    private static Object callMaybeWithError(CallContext ctx, Object f, Object recv, Object err) {
        if (recv instanceof ErrValue && Methods.arityOf(f) != 0) return ctx.call(f, err);
        return ctx.call(f);
    }
}
