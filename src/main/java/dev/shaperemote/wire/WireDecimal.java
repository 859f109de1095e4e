package dev.shaperemote.wire;

/** A Shape decimal as its exact decimal string; the VM has no decimal type, so it passes through untouched. */
public record WireDecimal(String text) {}
