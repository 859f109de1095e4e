package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;

import java.util.List;

/**
 * A closure as decoded from the wire: the function it runs (by id and/or hash) and copies of the
 * values it captured. The remote layer links it against a program.
 */
public record WireClosure(Integer functionId, FunctionHash functionHash, List<Object> upvalues) {
    public WireClosure {
        upvalues = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(upvalues));
    }
}
