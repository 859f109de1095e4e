package dev.shaperemote.remote;

import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.TypedArray;

/**
 * Deep copies of values that travel with a call (send-copy semantics: nothing the callee does to
 * them is ever seen by the sender, even when both run in one process).
 */
final class ValueCopy {
    private ValueCopy() {}

    static Object deep(Object v) {
        return Sidecars.map(v, x -> {
            if (x instanceof ArrayValue a) {
                ArrayValue copy = new ArrayValue(new java.util.ArrayList<>(a.size()));
                for (Object item : a.items) copy.items.add(deep(item));
                return copy;
            }
            if (x instanceof ObjectValue o) {
                ObjectValue copy = new ObjectValue(new java.util.LinkedHashMap<>(), o.typeName);
                o.fields.forEach((k, val) -> copy.fields.put(k, deep(val)));
                return copy;
            }
            if (x instanceof MapValue m) {
                MapValue copy = new MapValue();
                m.entries().forEach((k, val) -> copy.entries().put(deep(k), deep(val)));
                return copy;
            }
            if (x instanceof TypedArray t) return new TypedArray(t.kind, t.length, t.data.clone());
            return null;
        });
    }
}
