package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.List;

/** {@code value[index]} and {@code value[index] = v}: arrays (negative counts from the end), slices by range, strings, objects, maps, typed arrays. */
final class Indexing {
    private Indexing() {}

    static Object get(Object target, Object index, CallContext ctx) {
        if (index instanceof RangeValue r) return slice(target, r, ctx);
        if (target instanceof ArrayValue a) {
            int i = position(index, a.size());
            return i < 0 ? Nil.NONE : a.get(i);
        } else if (target instanceof String s) {
            // Strings index by code point, as their length and methods count.
            int i = position(index, s.codePointCount(0, s.length()));
            if (i < 0) return Nil.NONE;
            int at = s.offsetByCodePoints(0, i);
            return s.substring(at, at + Character.charCount(s.codePointAt(at)));
        } else if (target instanceof TypedArray t) {
            int i = position(index, t.length);
            return i < 0 ? Nil.NONE : t.get(i);
        } else if (target instanceof ObjectValue o && index instanceof String key) {
            Object v = o.fields.get(key);
            return v == null ? Nil.NONE : v;
        } else if (target instanceof MapValue m) {
            Object key = MapMethods.storedKey(m, index);
            return key == null ? Nil.NONE : m.entries().get(key);
        } else {
            throw ShapeError.runtime("cannot index " + Values.typeName(target) + " with " + Values.typeName(index));
        }
    }

    static void set(Object target, Object index, Object value) {
        if (target instanceof ArrayValue a) {
            int i = position(index, a.size());
            if (i < 0) throw ShapeError.runtime("index " + Values.describe(index) + " is out of range for an array of length " + a.size());
            a.items.set(i, value);
        } else if (target instanceof ObjectValue o && index instanceof String key) {
            o.fields.put(key, value);
        } else if (target instanceof TypedArray t) {
            int i = position(index, t.length);
            if (i < 0) throw ShapeError.runtime("index " + Values.describe(index) + " is out of range for a typed array of length " + t.length);
            t.set(i, value);
        } else {
            throw ShapeError.runtime("cannot assign into " + Values.typeName(target) + " by index");
        }
    }

    /** The element position an index names, or -1 when it is outside {@code [0, size)}. */
    private static int position(Object index, int size) {
        if (!(index instanceof Long) && !(index instanceof Double d && d == Math.rint(d))) {
            throw ShapeError.runtime("an index must be an int, got " + Values.typeName(index));
        }
        long i = Values.toLong(index);
        if (i < 0) i += size;
        return i < 0 || i >= size ? -1 : (int) i;
    }

    private static Object slice(Object target, RangeValue r, CallContext ctx) {
        int size;
        if (target instanceof ArrayValue a) size = a.size();
        else if (target instanceof String s) size = s.codePointCount(0, s.length());
        else throw ShapeError.runtime("cannot slice " + Values.typeName(target));
        int from = bound(r.start(), 0, size);
        int to = r.end() == null ? size : bound(r.end(), size, size) + (r.inclusive() ? 1 : 0);
        to = Math.min(to, size);
        if (to < from) to = from;
        if (target instanceof String s) return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
        List<Object> items = ((ArrayValue) target).items.subList(from, to);
        ctx.chargeMemory(8L * items.size() + 16);
        return new ArrayValue(new ArrayList<>(items));
    }

    private static int bound(Object v, int dflt, int size) {
        if (v == null) return dflt;
        long i = Values.toLong(v);
        if (i < 0) i += size;
        return (int) Math.max(0, Math.min(i, size));
    }
}
