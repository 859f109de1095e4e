package dev.shaperemote.vm;

/** {@code Err(value)}: a failed result. */
public record ErrValue(Object value) {}
