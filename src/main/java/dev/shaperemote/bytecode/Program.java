package dev.shaperemote.bytecode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compiled program in its content-addressed form: the entry function's hash (the top-level code)
 * and every blob keyed by hash; and, from the compiler, its struct types' declared fields by type name.
 * The struct types are not part of the program's canonical encoding or hash (WIRE.md section 6): they
 * travel only as a call's {@code type_schemas}, so a program read from the wire has none.
 */
public record Program(FunctionHash entry, Map<FunctionHash, FunctionBlob> blobs, Map<String, StructType> structs) {
    public Program {
        blobs = Collections.unmodifiableMap(new TreeMap<>(blobs));
        structs = structs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(structs));
    }

    /** A program without struct declarations: one read from the wire, or rebuilt from blobs. */
    public Program(FunctionHash entry, Map<FunctionHash, FunctionBlob> blobs) { this(entry, blobs, Map.of()); }

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
