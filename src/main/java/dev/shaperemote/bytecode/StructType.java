package dev.shaperemote.bytecode;

import java.util.List;

/**
 * A struct type as the source declares it: its name and its fields in declaration order, each with its
 * type as written ({@code number}, {@code Array<int>}). The VM never reads it (a struct value is an object
 * carrying its type name); a remote call sends it in {@code type_schemas} so the worker can check a typed
 * argument's fields (WIRE.md section 5, "Type schemas").
 */
public record StructType(String name, List<Field> fields) {
    public StructType {
        fields = List.copyOf(fields);
    }

    /** A declared field; {@code type} is the type's text as written, or null when the declaration gave none. */
    public record Field(String name, String type) {}
}
