package dev.shaperemote.vm.jit;

/** How compiled code holds a Shape value: an unboxed int, number or bool, or any value as an object. */
enum Kind {
    /** An int, as a {@code long}. */ INT,
    /** A number, as a {@code double}. */ NUM,
    /** A bool, as a JVM {@code int} 0 or 1. */ BOOL,
    /** Any value, boxed. */ ANY;

    /** The kind that holds both (two different kinds meet as ANY); {@code null} is "no value seen yet". */
    static Kind join(Kind a, Kind b) {
        if (a == null) return b;
        if (b == null || a == b) return a;
        return ANY;
    }

    boolean numeric() { return this == INT || this == NUM; }
}
