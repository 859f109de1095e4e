package dev.shaperemote.vm;

/** {@code a..b} or {@code a..=b}; either end may be absent (null). */
public record RangeValue(Object start, Object end, boolean inclusive) {}
