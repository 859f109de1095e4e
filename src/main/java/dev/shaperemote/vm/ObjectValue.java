package dev.shaperemote.vm;

import java.util.LinkedHashMap;

/**
 * A Shape object: named fields in the order they were written. A value built by a struct literal
 * ({@code Point { x: 1 }}) also carries its declared type's name, which method calls dispatch on
 * ({@link TypeMethods}); a plain object literal has none ({@code typeName} is null).
 */
public final class ObjectValue {
    public final LinkedHashMap<String, Object> fields;
    /** The declared type of a struct value, or null for a plain object. Not part of equality. */
    public final String typeName;
    /** Set once its type's drop method has run (impl Drop), so it never runs twice. Not part of equality. */
    public boolean dropped;

    public ObjectValue(LinkedHashMap<String, Object> fields, String typeName) {
        this.fields = fields;
        this.typeName = typeName;
    }

    public ObjectValue(LinkedHashMap<String, Object> fields) { this(fields, null); }

    public ObjectValue() { this(new LinkedHashMap<>()); }

    @Override public boolean equals(Object o) { return o instanceof ObjectValue v && Values.equal(this, v); }

    @Override public int hashCode() { return Values.hash(this); }

    @Override public String toString() { return Values.display(this); }
}
