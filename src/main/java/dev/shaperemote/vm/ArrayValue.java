package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.List;

/** A Shape array: a growable list of boxed values, shared by reference like Shape's own arrays. */
public final class ArrayValue {
    public final ArrayList<Object> items;

    public ArrayValue(ArrayList<Object> items) { this.items = items; }

    public ArrayValue() { this(new ArrayList<>()); }

    public static ArrayValue of(List<?> values) { return new ArrayValue(new ArrayList<>(values)); }

    public int size() { return items.size(); }

    public Object get(int i) { return items.get(i); }

    @Override public boolean equals(Object o) { return o instanceof ArrayValue a && Values.equal(this, a); }

    @Override public int hashCode() { return Values.hash(this); }

    @Override public String toString() { return Values.display(this); }
}
