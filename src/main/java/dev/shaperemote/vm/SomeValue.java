package dev.shaperemote.vm;

/** {@code Some(value)}: a present optional. */
public record SomeValue(Object value) {}
