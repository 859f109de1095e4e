package dev.shaperemote.vm;

/** {@code Ok(value)}: a successful result. */
public record OkValue(Object value) {}
