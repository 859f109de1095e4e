package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;

/**
 * A function value as decoded from the wire: it names a function, but resolving it needs a
 * program, which the remote layer has and the codec does not.
 *
 * @param hash the function's blob hash; null for a builtin or when the sender did not know it
 */
public record WireFunctionRef(String name, FunctionHash hash) {}
