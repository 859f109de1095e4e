package dev.shaperemote.vm;

import dev.shaperemote.vm.jit.Jit;

/**
 * Whether an interpreter compiles hot functions to JVM code, and at what heat (docs/BYTECODE.md, section 7).
 *
 * @param enabled   false: everything is interpreted
 * @param threshold heat (calls, plus loops counted at budget checks) at which a function is compiled
 */
public record JitSettings(boolean enabled, int threshold) {
    /** What the JVM's system properties say ({@code -Dshape.jit=off}, {@code -Dshape.jit.threshold=N}): the CLI's way to set them. */
    public static JitSettings fromSystemProperties() {
        return new JitSettings(Jit.enabledByDefault(), Jit.threshold());
    }
}
