package dev.shaperemote.vm;

/** Element types of a typed array, with their packed width in bytes (WIRE.md section 7). */
public enum ElementKind {
    F64(8), F32(4), I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), Bool(1);

    public final int width;

    ElementKind(int width) { this.width = width; }
}
