package dev.shaperemote.bytecode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compiled program in its content-addressed form: the entry function's hash (the top-level code)
 * and every blob keyed by hash.
 */
public record Program(FunctionHash entry, Map<FunctionHash, FunctionBlob> blobs) {
    public Program {
        blobs = Collections.unmodifiableMap(new TreeMap<>(blobs));
    }

    public FunctionBlob entryBlob() { return blobs.get(entry); }

    /** The blob of the one function with this name, or null when none or more than one has it. */
    public FunctionBlob byName(String name) {
        FunctionBlob found = null;
        for (FunctionBlob b : blobs.values()) {
            if (b.name().equals(name)) {
                if (found != null) return null;
                found = b;
            }
        }
        return found;
    }
}
