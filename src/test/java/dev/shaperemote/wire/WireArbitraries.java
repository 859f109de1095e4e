package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.BytesValue;
import dev.shaperemote.vm.ElementKind;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.ErrValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.MatrixValue;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.vm.RangeValue;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.vm.TypedArray;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generators of every value kind and every message, shared by the property tests. */
final class WireArbitraries {
    private WireArbitraries() {}

    static Arbitrary<String> strings() {
        return Arbitraries.strings().alpha().numeric().withChars(" _-€").withCharRange('\u00e0', '\u00ff').ofMaxLength(12);
    }

    static Arbitrary<FunctionHash> hashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(FunctionHash::of);
    }

    static Arbitrary<byte[]> bytes(int max) { return Arbitraries.bytes().array(byte[].class).ofMaxSize(max); }

    static Arbitrary<TypedArray> typedArrays() {
        return Combinators.combine(Arbitraries.of(ElementKind.class), Arbitraries.integers().between(0, 16))
                .flatAs((kind, len) -> Arbitraries.bytes().array(byte[].class).ofSize(len * kind.width)
                        .map(data -> new TypedArray(kind, len, data)));
    }

    static Arbitrary<MatrixValue> matrices() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4))
                .flatAs((r, c) -> Arbitraries.doubles().array(double[].class).ofSize(r * c).map(d -> new MatrixValue(r, c, d)));
    }

    static Arbitrary<Object> leaves() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.longs().map(x -> (Object) x),
                Arbitraries.of(0L, -1L, 127L, 128L, -32L, -33L, 255L, 65536L, Long.MIN_VALUE, Long.MAX_VALUE).map(x -> (Object) x),
                Arbitraries.doubles().map(x -> (Object) x),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE).map(x -> (Object) x),
                Arbitraries.of(true, false).map(x -> (Object) x),
                strings().map(x -> (Object) x),
                Arbitraries.of(Nil.NONE, Nil.UNIT).map(x -> (Object) x),
                typedArrays().map(x -> (Object) x),
                matrices().map(x -> (Object) x),
                bytes(40).map(b -> (Object) new BytesValue(b)),
                Arbitraries.of("0", "-1.25", "12345678901234567890.000001").map(s -> (Object) new WireDecimal(s)),
                Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.of("Bytes", "Matrix", "TypedArray:F64"),
                        hashes(), Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                        .as((id, kind, h, a, b) -> (Object) new SidecarRef(id, kind, h, a, b)),
                Combinators.combine(strings(), hashes().injectNull(0.3)).as((n, h) -> (Object) new WireFunctionRef(n, h))));
    }

    /** Values nested at most {@code depth} levels below the top. */
    @SuppressWarnings("unchecked")
    static Arbitrary<Object> values(int depth) {
        if (depth <= 0) return leaves();
        Arbitrary<Object> sub = Arbitraries.lazy(() -> values(depth - 1));
        Arbitrary<List<Object>> subs = sub.list().ofMaxSize(4);
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaves()),
                Tuple.of(1, sub.map(v -> (Object) new SomeValue(v))),
                Tuple.of(1, sub.map(v -> (Object) new OkValue(v))),
                Tuple.of(1, sub.map(v -> (Object) new ErrValue(v))),
                Tuple.of(2, subs.map(l -> (Object) ArrayValue.of(l))),
                Tuple.of(1, Combinators.combine(subs, subs).as((ks, vs) -> {
                    LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < Math.min(ks.size(), vs.size()); i++) m.put(ks.get(i), vs.get(i));
                    return (Object) new MapValue(m);
                })),
                Tuple.of(1, Combinators.combine(strings().list().ofMaxSize(4), subs).as((ks, vs) -> {
                    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < Math.min(ks.size(), vs.size()); i++) m.put(ks.get(i), vs.get(i));
                    return (Object) new ObjectValue(m);
                })),
                Tuple.of(1, Combinators.combine(strings(), strings(), subs).as((e, v, p) -> (Object) new EnumValue(e, v, p.toArray()))),
                Tuple.of(1, Combinators.combine(sub.injectNull(0.3), sub.injectNull(0.3), Arbitraries.of(true, false))
                        .as((s, e, inc) -> (Object) new RangeValue(s, e, inc))),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 65535).injectNull(0.3), hashes().injectNull(0.3), subs)
                        .filter((id, h, u) -> id != null || h != null)
                        .as((id, h, u) -> (Object) new WireClosure(id, h, u))));
    }

    static Arbitrary<Object> constants() {
        return Arbitraries.oneOf(List.of(Arbitraries.longs().map(x -> (Object) x), Arbitraries.doubles().map(x -> (Object) x),
                strings().map(x -> (Object) x), Arbitraries.of(true, false).map(x -> (Object) x)));
    }

    static Arbitrary<FunctionBlob> blobs() {
        Arbitrary<int[]> entry = Arbitraries.integers().between(0, 100000).array(int[].class).ofSize(3);
        return Combinators.combine(strings(), Arbitraries.integers().between(0, 65535), strings().list().ofMaxSize(3),
                        Arbitraries.of(true, false), bytes(64).map(b -> b), constants().list().ofMaxSize(4),
                        hashes().list().ofMaxSize(3), entry.list().ofMaxSize(3))
                .as((name, n, params, closure, code, consts, deps, smap) ->
                        FunctionBlob.create(name, params.size(), params, n, closure, closure ? 1 : 0, code, consts, List.of("s"), deps, smap));
    }

    static Arbitrary<Program> programs() {
        return Combinators.combine(hashes().injectNull(0.2), blobs().list().ofMaxSize(3)).as((entry, bs) -> {
            Map<FunctionHash, FunctionBlob> m = new LinkedHashMap<>();
            for (FunctionBlob b : bs) m.put(b.contentHash(), b);
            return new Program(entry, m);
        });
    }

    static Arbitrary<Long> ids() { return Arbitraries.longs().between(0, Long.MAX_VALUE); }

    static Arbitrary<ExecutionMetrics> metrics() {
        return Combinators.combine(ids(), ids(), ids()).as(ExecutionMetrics::new).injectNull(0.3);
    }

    static Arbitrary<List<Diagnostic>> diagnostics() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, Integer.MAX_VALUE).injectNull(0.3);
        return Combinators.combine(Arbitraries.of("error", "warning", "info"), strings(), pos, pos).as(Diagnostic::new).list().ofMaxSize(3);
    }

    static Arbitrary<Map<Object, Object>> plainMaps() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(List.of(Arbitraries.longs().map(x -> (Object) x), strings().map(x -> (Object) x),
                Arbitraries.of(true, false).map(x -> (Object) x), Arbitraries.just(null)));
        return Arbitraries.maps(strings().map(s -> (Object) s), Arbitraries.oneOf(leaf, leaf.list().ofMaxSize(3).map(l -> (Object) l)))
                .ofMaxSize(3).map(m -> (Map<Object, Object>) new LinkedHashMap<>(m));
    }

    static Arbitrary<RemoteCallRequest> calls() {
        Arbitrary<List<Object>> vals = values(3).list().ofMaxSize(4);
        Arbitrary<List<HashedBlob>> hashed = blobs().map(b -> new HashedBlob(b.contentHash(), b)).list().ofMaxSize(3);
        return Combinators.combine(programs().injectNull(0.5), strings(), Arbitraries.integers().between(0, 65535).injectNull(0.5),
                        hashes().injectNull(0.5), vals, vals.injectNull(0.5), plainMaps().injectNull(0.5), hashes())
                .flatAs((prog, name, id, fh, args, ups, schemas, ph) -> Combinators.combine(hashed.injectNull(0.4), ids().injectNull(0.4))
                        .as((blobs, rid) -> new RemoteCallRequest(prog, name, id, fh, args, ups, schemas, ph, blobs, rid)));
    }

    static Arbitrary<WireMessage> messages() {
        Arbitrary<Object> value = values(3);
        return Arbitraries.oneOf(List.of(
                hashes().list().ofMaxSize(4).map(WireMessage.BlobNegotiationRequest::new),
                hashes().list().ofMaxSize(4).map(WireMessage.BlobNegotiationResponse::new),
                calls().map(WireMessage.Call::new),
                Combinators.combine(value, ids().injectNull(0.3), metrics()).as(WireMessage.RemoteCallResponse::ok),
                Combinators.combine(strings(), Arbitraries.of("FunctionNotFound", "ArgumentError", "RuntimeError", "MissingModuleFunction",
                                "Timeout", "ResourceLimit", "Overloaded", "ProtocolError", "Unauthorized"), plainMaps().injectNull(0.5),
                        ids().injectNull(0.3), metrics())
                        .as((msg, kind, d, rid, m) -> WireMessage.RemoteCallResponse.err(new RemoteCallError(msg, kind, d), rid, m)),
                Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), bytes(300)).as(WireMessage.BlobSidecar::new),
                Arbitraries.just(new WireMessage.Ping()),
                Combinators.combine(strings(), Arbitraries.longs().between(0, 0xFFFF_FFFFL), strings().list().ofMaxSize(5)).as(WireMessage.Pong::new),
                strings().map(WireMessage.Auth::new),
                Combinators.combine(Arbitraries.of(true, false), strings().injectNull(0.5)).as(WireMessage.AuthResponse::new),
                Combinators.combine(strings(), ids()).as(WireMessage.Execute::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), value, strings().injectNull(0.5), strings().injectNull(0.5),
                        diagnostics(), metrics()).as(WireMessage.ExecuteResponse::new),
                Combinators.combine(strings(), ids()).as(WireMessage.Validate::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), diagnostics()).as(WireMessage.ValidateResponse::new),
                Combinators.combine(Arbitraries.of("ProtocolError", "Unauthorized", "Overloaded"), strings(), ids().injectNull(0.5))
                        .as(WireMessage.Error::new)));
    }

    /** An Int inside arrays: a value exactly {@code depth} levels deep. */
    static Object nestedArrays(int depth) {
        Object v = 1L;
        for (int i = 1; i < depth; i++) v = ArrayValue.of(new ArrayList<>(List.of(v)));
        return v;
    }
}
