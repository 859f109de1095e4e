package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.ErrValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.wire.WireClosure;
import dev.shaperemote.wire.WireFunctionRef;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Visits every value inside a call's arguments or upvalues, at any depth: the values of arrays, objects,
 * hash maps, Some/Ok/Err, enum payloads and the captured values of function values. A caller's values may
 * share parts or contain themselves (an array pushed into itself), so each container is entered once, and
 * the walk keeps its own stack rather than recursing.
 */
final class ValueWalk {
    private ValueWalk() {}

    static void each(List<Object> values, Consumer<Object> visit) {
        if (values == null) return;
        Set<Object> entered = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> work = new ArrayDeque<>();
        for (int i = values.size() - 1; i >= 0; i--) if (values.get(i) != null) work.push(values.get(i));
        while (!work.isEmpty()) {
            Object v = work.pop();
            visit.accept(v);
            if (!entered.add(v)) continue;
            if (v instanceof ArrayValue a) a.items.forEach(x -> push(work, x));
            else if (v instanceof ObjectValue o) o.fields.values().forEach(x -> push(work, x));
            else if (v instanceof MapValue m) for (Map.Entry<Object, Object> e : m.entries().entrySet()) { push(work, e.getKey()); push(work, e.getValue()); }
            else if (v instanceof SomeValue s) push(work, s.value());
            else if (v instanceof OkValue s) push(work, s.value());
            else if (v instanceof ErrValue s) push(work, s.value());
            else if (v instanceof EnumValue e) for (Object x : e.payload()) push(work, x);
            else if (v instanceof WireClosure c) c.upvalues().forEach(x -> push(work, x));
            else if (v instanceof Closure c) for (Cell cell : c.cells) push(work, cell.value);
        }
    }

    /**
     * The hashes of the function values among {@code arguments} and {@code upvalues}, at any depth, each once:
     * the caller's closures and functions, or their wire forms on the callee. A builtin has no hash.
     */
    static Set<FunctionHash> functionHashes(List<Object> arguments, List<Object> upvalues) {
        Set<FunctionHash> hashes = new LinkedHashSet<>();
        Consumer<Object> collect = v -> {
            byte[] raw = v instanceof Closure c ? c.proto.hash : v instanceof FunctionProto f ? f.hash : null;
            if (raw != null) hashes.add(FunctionHash.of(raw));
            if (v instanceof WireClosure c && c.functionHash() != null) hashes.add(c.functionHash());
            if (v instanceof WireFunctionRef r && r.hash() != null) hashes.add(r.hash());
        };
        each(arguments, collect);
        each(upvalues, collect);
        return hashes;
    }

    private static void push(ArrayDeque<Object> work, Object v) {
        if (v != null) work.push(v);
    }
}
