package dev.shaperemote.bytecode;

import java.util.List;

/** Blobs that cannot be linked: malformed code, or dependencies that are not there (listed in {@link #missing}). */
public final class LinkError extends RuntimeException {
    private final List<FunctionHash> missing;

    public LinkError(String message, List<FunctionHash> missing) {
        super(message, null, false, false);
        this.missing = List.copyOf(missing);
    }

    public LinkError(String message) { this(message, List.of()); }

    public List<FunctionHash> missing() { return missing; }
}
