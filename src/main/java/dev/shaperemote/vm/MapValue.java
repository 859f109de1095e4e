package dev.shaperemote.vm;

import java.util.LinkedHashMap;

/**
 * A Shape {@code HashMap()}: insertion-ordered and persistent from the program's point of view
 * ({@code set} and {@code delete} return a new map; the receiver is never changed).
 */
public final class MapValue {
    public final LinkedHashMap<Object, Object> entries;

    public MapValue(LinkedHashMap<Object, Object> entries) { this.entries = entries; }

    public MapValue() { this(new LinkedHashMap<>()); }

    @Override public boolean equals(Object o) { return o instanceof MapValue v && Values.equal(this, v); }

    @Override public int hashCode() { return Values.hash(this); }

    @Override public String toString() { return Values.display(this); }
}
