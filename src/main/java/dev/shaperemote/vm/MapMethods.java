package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.shaperemote.vm.Methods.callableArg;
import static dev.shaperemote.vm.Methods.chargeSlots;

/**
 * Builtin methods of {@code HashMap()} values. Maps are persistent from the program's view:
 * set/delete/merge/map/filter return a new map and never change the receiver (hashmap/basic#10).
 * Keys use Shape equality, so an int key 1 and a number key 1.0 are the same key.
 */
final class MapMethods {
    private MapMethods() {}

    /** Bytes charged per map entry (key slot + value slot). */
    private static final long ENTRY_SLOTS = 2;

    /** The key object under which {@code key} is stored, or null when the map has no such key. */
    static Object storedKey(MapValue m, Object key) {
        if (m.entries().containsKey(key)) return key;
        Object alt = altKey(key);
        return alt != null && m.entries().containsKey(alt) ? alt : null;
    }

    /** The other Java form of a numeric key that Shape considers equal (1 <-> 1.0), or null. */
    private static Object altKey(Object k) {
        if (k instanceof Long l) {
            double d = l;
            return (long) d == l ? d : null;
        }
        if (k instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.2e18) return (long) (double) d;
        return null;
    }

    private static LinkedHashMap<Object, Object> copy(CallContext ctx, MapValue m, int extra) {
        chargeSlots(ctx, ENTRY_SLOTS * (m.entries().size() + (long) extra));
        return new LinkedHashMap<>(m.entries());
    }

    /** Puts into a fresh map, replacing an equal key in place (keeps its first-inserted position). */
    private static void put(LinkedHashMap<Object, Object> map, Object key, Object value) {
        Object stored = map.containsKey(key) ? key : null;
        if (stored == null) {
            Object alt = altKey(key);
            if (alt != null && map.containsKey(alt)) stored = alt;
        }
        map.put(stored != null ? stored : key, value);
    }

    /** Calls a (key, value) callback; one that declares a single parameter gets only the value. */
    private static Object callKv(CallContext ctx, Object f, Object k, Object v) {
        return Methods.arityOf(f) == 1 ? ctx.call(f, v) : ctx.call(f, k, v);
    }

    private static final MethodTable<MapValue> TABLE = new MethodTable<MapValue>()
            // The bare value, or None when absent (hashmap/stress_operations#9): not Some(..).
            .def(1, 1, (ctx, m, name, args) -> valueOr(m, args[0], Nil.NONE), "get")
            // A present key wins even when its value is None (hashmap/stress_operations#72).
            .def(2, 2, (ctx, m, name, args) -> valueOr(m, args[0], args[1]), "getOrDefault", "get_or_default")
            .def(1, 1, (ctx, m, name, args) -> storedKey(m, args[0]) != null, "has", "containsKey", "contains_key")
            .def(2, 2, MapMethods::set, "set", "insert")
            .def(1, 1, MapMethods::delete, "delete", "remove")
            .def(0, 0, (ctx, m, name, args) -> (long) m.entries().size(), "len", "length", "size")
            .def(0, 0, (ctx, m, name, args) -> m.entries().isEmpty(), "isEmpty")
            .def(0, 0, MapMethods::keysOrValues, "keys", "values")
            .def(0, 0, MapMethods::entries, "entries", "toArray", "iter")
            .def(1, 1, MapMethods::map, "map")
            .def(1, 1, MapMethods::filter, "filter")
            .def(1, 1, MapMethods::forEach, "forEach")
            .def(2, 2, MapMethods::reduce, "reduce")
            .def(1, 1, MapMethods::groupBy, "groupBy")
            .def(1, 1, MapMethods::merge, "merge");

    static Object call(CallContext ctx, MapValue m, String name, Object[] args) { return TABLE.call(ctx, m, name, args); }


    // ---- the methods that take more than a line ----

    private static Object valueOr(MapValue m, Object key, Object absent) {
        Object k = storedKey(m, key);
        return k == null ? absent : m.entries().get(k);
    }

    private static Object set(CallContext ctx, MapValue m, String name, Object[] args) {
        chargeSlots(ctx, ENTRY_SLOTS + 4); // one entry here, and the change the receiver keeps
        Object stored = storedKey(m, args[0]);
        return m.with(stored != null ? stored : args[0], args[1]);
    }

    private static Object delete(CallContext ctx, MapValue m, String name, Object[] args) {
        Object k = storedKey(m, args[0]);
        if (k == null) return m; // nothing to remove: the receiver is returned as is
        LinkedHashMap<Object, Object> out = copy(ctx, m, 0);
        out.remove(k);
        return new MapValue(out);
    }

    private static Object keysOrValues(CallContext ctx, MapValue m, String name, Object[] args) {
        Map<Object, Object> entries = m.entries();
        chargeSlots(ctx, entries.size());
        return new ArrayValue(new ArrayList<>(name.equals("keys") ? entries.keySet() : entries.values()));
    }

    /** [[key, value], ...] in insertion order (hashmap/stress_iteration#48). */
    private static Object entries(CallContext ctx, MapValue m, String name, Object[] args) {
        Map<Object, Object> entries = m.entries();
        chargeSlots(ctx, 3L * entries.size());
        ArrayList<Object> out = new ArrayList<>(entries.size());
        for (Map.Entry<Object, Object> e : entries.entrySet()) out.add(ArrayMethods.pair(e.getKey(), e.getValue()));
        return new ArrayValue(out);
    }

    /** Same keys, values replaced by f(key, value) (hashmap/stress_iteration#13). */
    private static Object map(CallContext ctx, MapValue m, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        chargeSlots(ctx, ENTRY_SLOTS * m.entries().size());
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : snapshot(m)) out.put(e.getKey(), callKv(ctx, f, e.getKey(), e.getValue()));
        return new MapValue(out);
    }

    private static Object filter(CallContext ctx, MapValue m, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : snapshot(m)) {
            if (Values.truthy(callKv(ctx, f, e.getKey(), e.getValue()))) {
                chargeSlots(ctx, ENTRY_SLOTS);
                out.put(e.getKey(), e.getValue());
            }
        }
        return new MapValue(out);
    }

    private static Object forEach(CallContext ctx, MapValue m, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        for (Map.Entry<Object, Object> e : snapshot(m)) callKv(ctx, f, e.getKey(), e.getValue());
        return Nil.NONE;
    }

    /** reduce(|acc, k, v| ..., init) (hashmap/stress_iteration#41). */
    private static Object reduce(CallContext ctx, MapValue m, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        Object acc = args[1];
        for (Map.Entry<Object, Object> e : snapshot(m)) acc = ctx.call(f, acc, e.getKey(), e.getValue());
        return acc;
    }

    /** A map from each group key to the sub-map of entries in that group (hashmap/stress_iteration#50). */
    private static Object groupBy(CallContext ctx, MapValue m, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        chargeSlots(ctx, 2 * ENTRY_SLOTS * m.entries().size());
        LinkedHashMap<Object, Object> groups = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : snapshot(m)) {
            Object g = callKv(ctx, f, e.getKey(), e.getValue());
            Object stored = groups.containsKey(g) ? g : null;
            if (stored == null) {
                Object alt = altKey(g);
                stored = alt != null && groups.containsKey(alt) ? alt : g;
            }
            MapValue sub = (MapValue) groups.computeIfAbsent(stored, x -> new MapValue());
            sub.entries().put(e.getKey(), e.getValue());
        }
        return new MapValue(groups);
    }

    /** Entries of the argument win on equal keys (hashmap/stress_iteration#35). */
    private static Object merge(CallContext ctx, MapValue m, String name, Object[] args) {
        if (!(args[0] instanceof MapValue other)) {
            throw ShapeError.runtime("merge(): expected a HashMap, got " + Values.typeName(args[0]));
        }
        LinkedHashMap<Object, Object> out = copy(ctx, m, other.entries().size());
        for (Map.Entry<Object, Object> e : other.entries().entrySet()) put(out, e.getKey(), e.getValue());
        return new MapValue(out);
    }

    /** Entries copied out before calling back into Shape code, so a callback cannot disturb the iteration. */
    static ArrayList<Map.Entry<Object, Object>> snapshot(MapValue m) {
        ArrayList<Map.Entry<Object, Object>> out = new ArrayList<>(m.entries().size());
        for (Map.Entry<Object, Object> e : m.entries().entrySet()) out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
        return out;
    }
}
