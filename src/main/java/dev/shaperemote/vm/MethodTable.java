package dev.shaperemote.vm;

import java.util.HashMap;

/**
 * The builtin methods of one kind of receiver, by name: each entry is a body and the argument counts it
 * accepts; aliases share an entry. The table checks the count before the body runs, so an entry reads as
 * a signature and a body never repeats the check. Filled once in a static initialiser, read-only after.
 */
final class MethodTable<R> {
    /** A method's body: the receiver, the name it was called by (aliases share a body) and the arguments. */
    @FunctionalInterface
    interface Body<R> {
        Object call(CallContext ctx, R self, String name, Object[] args);
    }

    private record Entry<R>(int min, int max, Body<R> body) {}

    private final HashMap<String, Entry<R>> byName = new HashMap<>();

    /** Adds a method taking {@code min} to {@code max} arguments ({@code max < 0}: no upper bound) under each of {@code names}. */
    MethodTable<R> def(int min, int max, Body<R> body, String... names) {
        Entry<R> entry = new Entry<>(min, max, body);
        for (String n : names) {
            if (byName.putIfAbsent(n, entry) != null) throw new IllegalStateException("method '" + n + "' is defined twice");
        }
        return this;
    }

    /** Runs method {@code name} on {@code self}; {@link Methods#NOT_FOUND} when the table has no such method. */
    Object call(CallContext ctx, R self, String name, Object[] args) {
        Entry<R> e = byName.get(name);
        if (e == null) return Methods.NOT_FOUND;
        Methods.arity(name, args, e.min, e.max);
        return e.body.call(ctx, self, name, args);
    }
}
