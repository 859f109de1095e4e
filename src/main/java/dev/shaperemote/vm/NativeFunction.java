package dev.shaperemote.vm;

/** A callable implemented in Java (a global builtin, or a method bound to its receiver). */
public interface NativeFunction {
    String name();

    Object call(CallContext ctx, Object[] args);
}
