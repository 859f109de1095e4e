package dev.shaperemote.vm;

import java.util.LinkedHashMap;

/** A Shape object literal: named fields in the order they were written. */
public final class ObjectValue {
    public final LinkedHashMap<String, Object> fields;

    public ObjectValue(LinkedHashMap<String, Object> fields) { this.fields = fields; }

    public ObjectValue() { this(new LinkedHashMap<>()); }

    @Override public boolean equals(Object o) { return o instanceof ObjectValue v && Values.equal(this, v); }

    @Override public int hashCode() { return Values.hash(this); }

    @Override public String toString() { return Values.display(this); }
}
