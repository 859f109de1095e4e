package dev.shaperemote.vm;

import java.util.Iterator;
import java.util.Map;

/** What a {@code for} loop walks: arrays (live, by index), ranges, strings, maps, objects and typed arrays. */
public abstract class ShapeIterator {
    /** Returned by {@link #next()} when there is nothing more. */
    public static final Object DONE = new Object();

    public abstract Object next();

    public static ShapeIterator over(Object v) {
        if (v instanceof ShapeIterator it) return it;
        if (v instanceof ArrayValue a) return new ShapeIterator() {
            int i;
            @Override public Object next() { return i < a.items.size() ? a.items.get(i++) : DONE; }
        };
        if (v instanceof RangeValue r) return range(r);
        if (v instanceof String s) return new ShapeIterator() {
            int i;
            @Override public Object next() {
                if (i >= s.length()) return DONE;
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                return new String(Character.toChars(cp));
            }
        };
        // A snapshot: the loop body may set keys on this very map (m = m.set(..)), which reuses its table.
        if (v instanceof MapValue m) return entries(MapMethods.snapshot(m).iterator());
        if (v instanceof ObjectValue o) {
            Iterator<Map.Entry<String, Object>> it = o.fields.entrySet().iterator();
            return new ShapeIterator() {
                @Override public Object next() {
                    if (!it.hasNext()) return DONE;
                    Map.Entry<String, Object> e = it.next();
                    return ArrayValue.of(java.util.List.of(e.getKey(), e.getValue()));
                }
            };
        }
        if (v instanceof TypedArray t) return new ShapeIterator() {
            int i;
            @Override public Object next() { return i < t.length ? t.get(i++) : DONE; }
        };
        if (v instanceof SomeValue s) return over(ArrayValue.of(java.util.List.of(s.value())));
        if (v == Nil.NONE) return over(new ArrayValue());
        throw ShapeError.runtime("cannot iterate over " + Values.typeName(v));
    }

    private static ShapeIterator entries(Iterator<Map.Entry<Object, Object>> it) {
        return new ShapeIterator() {
            @Override public Object next() {
                if (!it.hasNext()) return DONE;
                Map.Entry<Object, Object> e = it.next();
                return ArrayValue.of(java.util.List.of(e.getKey(), e.getValue()));
            }
        };
    }

    private static ShapeIterator range(RangeValue r) {
        if (r.start() == null) throw ShapeError.runtime("cannot iterate over a range without a start");
        if (!(r.start() instanceof Long) || (r.end() != null && !(r.end() instanceof Long))) {
            double start = Values.toDouble(r.start());
            double end = r.end() == null ? Double.POSITIVE_INFINITY : Values.toDouble(r.end());
            return new ShapeIterator() {
                double x = start;
                @Override public Object next() {
                    if (r.inclusive() ? x > end : x >= end) return DONE;
                    double v = x;
                    x += 1;
                    return v;
                }
            };
        }
        long start = (Long) r.start();
        long end = r.end() == null ? Long.MAX_VALUE : (Long) r.end();
        boolean inclusive = r.inclusive() && r.end() != null;
        return new ShapeIterator() {
            long x = start;
            boolean done;
            @Override public Object next() {
                if (done || (inclusive ? x > end : x >= end)) return DONE;
                long v = x;
                if (x == Long.MAX_VALUE) done = true; else x++;
                return v;
            }
        };
    }
}
