package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * A Shape {@code HashMap()}: insertion-ordered and persistent from the program's point of view
 * ({@code set} and {@code delete} return a new map; the receiver is never changed).
 *
 * <p>{@code set} costs O(1), not a copy: the new version takes over the receiver's table and the receiver
 * keeps only the one change that undoes it (Baker's trick for persistent arrays). So building a map in a loop,
 * {@code m = m.set(k, v)}, is linear. An old version that is used again rebuilds its own table once, from the
 * newest table and the chain of changes, without touching the newest; only {@link #with} ever changes a table
 * another version can see, and only the table of the version it is called on.
 */
public final class MapValue {
    /** This version's table, or the change that turns the table of a newer version back into this one. */
    private Object state;

    /** Under {@code key} this version had {@code value} ({@code present}) or nothing; otherwise it equals {@code newer}. */
    private record Change(Object key, boolean present, Object value, MapValue newer) {}

    public MapValue(LinkedHashMap<Object, Object> entries) { this.state = entries; }

    public MapValue() { this(new LinkedHashMap<>()); }

    /** This version's entries: to read, or to fill a map that no other version has seen yet. */
    @SuppressWarnings("unchecked")
    public LinkedHashMap<Object, Object> entries() {
        if (state instanceof Change) state = rebuild();
        return (LinkedHashMap<Object, Object>) state;
    }

    /** A new version with {@code storedKey} (the key as this map stores it, or a new key) set to {@code value}. */
    MapValue with(Object storedKey, Object value) {
        LinkedHashMap<Object, Object> table = entries();
        boolean present = table.containsKey(storedKey);
        Object old = table.put(storedKey, value); // an existing key keeps its place, a new one goes last
        MapValue next = new MapValue(table);
        state = new Change(storedKey, present, old, next);
        return next;
    }

    /** What this version keeps alive, for the memory meter: the entries, or one change and the newer version. */
    void forEachRetained(Consumer<Object> visit) {
        if (state instanceof Change c) {
            visit.accept(c.key());
            if (c.value() != null) visit.accept(c.value());
            visit.accept(c.newer());
            return;
        }
        entries().forEach((k, v) -> { visit.accept(k); if (v != null) visit.accept(v); });
    }

    /** Entries counted by the memory meter: the table's size, or one for a change. */
    int retainedEntries() { return state instanceof Change ? 1 : entries().size(); }

    /** Walks to the newest table and copies it back through the changes, newest first. */
    @SuppressWarnings("unchecked")
    private LinkedHashMap<Object, Object> rebuild() {
        ArrayList<Change> changes = new ArrayList<>();
        Object s = state;
        while (s instanceof Change c) {
            changes.add(c);
            s = c.newer().state;
        }
        LinkedHashMap<Object, Object> table = new LinkedHashMap<>((LinkedHashMap<Object, Object>) s);
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change c = changes.get(i);
            if (c.present()) table.put(c.key(), c.value()); else table.remove(c.key()); // a removed key was the last one
        }
        return table;
    }

    @Override public boolean equals(Object o) { return o instanceof MapValue v && Values.equal(this, v); }

    @Override public int hashCode() { return Values.hash(this); }

    @Override public String toString() { return Values.display(this); }
}
