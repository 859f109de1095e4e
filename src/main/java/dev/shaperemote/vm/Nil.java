package dev.shaperemote.vm;

/** Shape's two empty values: {@code None} (absence) and {@code Unit} (no value at all, e.g. a statement). */
public enum Nil {
    NONE, UNIT
}
