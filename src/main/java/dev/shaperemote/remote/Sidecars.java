package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BlobHasher;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.ErrValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.SidecarRef;
import dev.shaperemote.wire.ValueCodec;
import dev.shaperemote.wire.WireClosure;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Large binary values beside the call instead of inside it (WIRE.md section 8): typed arrays,
 * matrices and bytes at least {@code threshold} bytes long become {@link SidecarRef}s, at any depth
 * of the arguments and upvalues, and come back without a per-element copy.
 */
public final class Sidecars {
    /** Default size from which a binary value travels as a sidecar: 1 MiB. */
    public static final long SIDECAR_THRESHOLD = 1L << 20;

    private Sidecars() {}

    /** Arguments and upvalues with sidecar placeholders, and the sidecars to send before the call. */
    public record Extracted(List<Object> arguments, List<Object> upvalues, List<WireMessage.BlobSidecar> sidecars) {}

    public static Extracted extractSidecars(List<Object> arguments, List<Object> upvalues, long threshold) {
        List<WireMessage.BlobSidecar> sidecars = new ArrayList<>();
        UnaryOperator<Object> extract = v -> {
            ValueCodec.Packed packed = ValueCodec.packed(v); // typed arrays, matrices and bytes; their kinds are the codec's
            if (packed == null || packed.data().length < threshold) return null;
            int id = sidecars.size();
            sidecars.add(new WireMessage.BlobSidecar(id, packed.data()));
            return new SidecarRef(id, packed.kind(), FunctionHash.of(BlobHasher.sha256(packed.data())), packed.metaA(), packed.metaB());
        };
        List<Object> args = mapAll(arguments, extract);
        List<Object> ups = upvalues == null ? null : mapAll(upvalues, extract);
        return new Extracted(args, ups, sidecars);
    }

    /**
     * The request stream of {@code call} (WIRE.md section 2): its typed arrays, matrices and bytes of at least
     * {@code threshold} bytes as sidecars first, then the Call that names them by placeholder.
     */
    public static List<WireMessage> requestStream(RemoteCallRequest call, long threshold) {
        Extracted x = extractSidecars(call.arguments(), call.upvalues(), threshold);
        RemoteCallRequest placed = new RemoteCallRequest(call.program(), call.functionName(), call.functionId(), call.functionHash(),
                x.arguments(), x.upvalues(), call.typeSchemas(), call.programHash(), call.functionBlobs(), call.requestId());
        List<WireMessage> stream = new ArrayList<>(x.sidecars());
        stream.add(new WireMessage.Call(placed));
        return stream;
    }

    /**
     * Puts every sidecar back where its placeholder stands. A missing, duplicate, unused or
     * mismatched sidecar is an ArgumentError.
     */
    public static Extracted reassembleSidecars(List<Object> arguments, List<Object> upvalues, List<WireMessage.BlobSidecar> sidecars) {
        Map<Integer, byte[]> byId = new HashMap<>();
        for (WireMessage.BlobSidecar s : sidecars) {
            if (byId.put(s.sidecarId(), s.data()) != null) throw bad("sidecar " + s.sidecarId() + " was sent twice");
        }
        Map<Integer, Boolean> used = new HashMap<>();
        UnaryOperator<Object> restore = v -> {
            if (!(v instanceof SidecarRef ref)) return null;
            byte[] data = byId.get(ref.sidecarId());
            if (data == null) throw bad("sidecar " + ref.sidecarId() + " is referenced but was not sent");
            if (used.put(ref.sidecarId(), Boolean.TRUE) != null) throw bad("sidecar " + ref.sidecarId() + " is referenced twice");
            if (!FunctionHash.of(BlobHasher.sha256(data)).equals(ref.originalHash())) {
                throw bad("sidecar " + ref.sidecarId() + " does not match its hash");
            }
            return materialise(ref, data);
        };
        List<Object> args = mapAll(arguments, restore);
        List<Object> ups = upvalues == null ? null : mapAll(upvalues, restore);
        if (used.size() != byId.size()) throw bad((byId.size() - used.size()) + " sidecar(s) were sent but not referenced");
        return new Extracted(args, ups, List.of());
    }

    private static Object materialise(SidecarRef ref, byte[] data) {
        try {
            return ValueCodec.unpacked(ref.blobKind(), ref.metaA(), ref.metaB(), data);
        } catch (WireException e) {
            throw bad("sidecar " + ref.sidecarId() + ": " + e.getMessage());
        }
    }

    private static RemoteCallException bad(String message) {
        return new RemoteCallException(RemoteErrorKind.ArgumentError, message);
    }

    private static List<Object> mapAll(List<Object> values, UnaryOperator<Object> leaf) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(map(v, leaf));
        return out;
    }

    /**
     * Rebuilds {@code v} with {@code leaf} applied wherever it gives a replacement; containers are
     * copied only when something inside them changed, so the caller's values are never modified.
     */
    static Object map(Object v, UnaryOperator<Object> leaf) {
        Object replaced = leaf.apply(v);
        if (replaced != null) return replaced;
        if (v instanceof ArrayValue a) {
            ArrayList<Object> items = null;
            for (int i = 0; i < a.size(); i++) {
                Object x = map(a.get(i), leaf);
                if (x != a.get(i) && items == null) items = new ArrayList<>(a.items.subList(0, i));
                if (items != null) items.add(x);
            }
            return items == null ? a : new ArrayValue(items);
        }
        if (v instanceof ObjectValue o) {
            LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) {
                Object x = map(e.getValue(), leaf);
                changed |= x != e.getValue();
                fields.put(e.getKey(), x);
            }
            return changed ? new ObjectValue(fields, o.typeName) : o;
        }
        if (v instanceof MapValue m) {
            LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<Object, Object> e : m.entries().entrySet()) {
                Object k = map(e.getKey(), leaf), x = map(e.getValue(), leaf);
                changed |= k != e.getKey() || x != e.getValue();
                entries.put(k, x);
            }
            return changed ? new MapValue(entries) : m;
        }
        if (v instanceof SomeValue s) { Object x = map(s.value(), leaf); return x == s.value() ? s : new SomeValue(x); }
        if (v instanceof OkValue s) { Object x = map(s.value(), leaf); return x == s.value() ? s : new OkValue(x); }
        if (v instanceof ErrValue s) { Object x = map(s.value(), leaf); return x == s.value() ? s : new ErrValue(x); }
        if (v instanceof EnumValue e) {
            Object[] payload = e.payload().clone();
            boolean changed = false;
            for (int i = 0; i < payload.length; i++) {
                Object x = map(payload[i], leaf);
                changed |= x != payload[i];
                payload[i] = x;
            }
            return changed ? new EnumValue(e.enumName(), e.variant(), payload) : e;
        }
        if (v instanceof WireClosure c) {
            List<Object> ups = mapAll(c.upvalues(), leaf);
            return new WireClosure(c.functionId(), c.functionHash(), ups);
        }
        return v;
    }
}
