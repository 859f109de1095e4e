package dev.shaperemote.vm;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Estimates the bytes a set of values holds, counting each object once however often it is shared.
 * Iterative, so a value nested a million levels deep is measured without deep recursion.
 */
final class MemoryMeter {
    private MemoryMeter() {}

    static long measure(Object[] roots, int count, Object[] more) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> work = new ArrayDeque<>();
        for (int i = 0; i < count; i++) if (roots[i] != null) work.push(roots[i]);
        for (Object o : more) if (o != null) work.push(o);
        long total = 0;
        while (!work.isEmpty()) {
            Object v = work.pop();
            if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof Nil) continue;
            if (seen.put(v, Boolean.TRUE) != null) continue;
            total += 16;
            if (v instanceof String s) {
                total += 2L * s.length() + 24;
            } else if (v instanceof ArrayValue a) {
                total += 8L * a.items.size() + 16; a.items.forEach(x -> { if (x != null) work.push(x); });
            } else if (v instanceof ObjectValue o) {
                total += 40L * o.fields.size();
                for (Map.Entry<String, Object> e : o.fields.entrySet()) { work.push(e.getKey()); if (e.getValue() != null) work.push(e.getValue()); }
            } else if (v instanceof MapValue m) {
                total += 48L * m.retainedEntries();
                m.forEachRetained(work::push);
            } else if (v instanceof SomeValue s) {
                if (s.value() != null) work.push(s.value());
            } else if (v instanceof OkValue s) {
                if (s.value() != null) work.push(s.value());
            } else if (v instanceof ErrValue s) {
                if (s.value() != null) work.push(s.value());
            } else if (v instanceof EnumValue e) {
                total += 8L * e.payload().length; for (Object x : e.payload()) if (x != null) work.push(x);
            } else if (v instanceof Cell c) {
                if (c.value != null) work.push(c.value);
            } else if (v instanceof Closure c) {
                total += 8L * c.cells.length; for (Cell x : c.cells) if (x != null) work.push(x);
            } else if (v instanceof TypedArray t) {
                total += t.data.length;
            } else if (v instanceof MatrixValue m) {
                total += 8L * m.data().length;
            } else if (v instanceof BytesValue b) {
                total += b.data().length;
            } else {
            }
        }
        return total;
    }
}
