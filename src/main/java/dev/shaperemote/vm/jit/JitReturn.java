package dev.shaperemote.vm.jit;

/**
 * Thrown by a compiled variant whose return type is an unboxed int when the interpreter, after a
 * deoptimisation, returned something else: the compiled caller catches it and deoptimises too.
 */
public final class JitReturn extends RuntimeException {
    public final Object value;

    public JitReturn(Object value) {
        super(null, null, false, false);
        this.value = value;
    }
}
