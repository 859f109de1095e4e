package dev.shaperemote.wire;

import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ElementKind;
import dev.shaperemote.vm.TypedArray;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

class ValueCodecProperties {

    /** Encoding is deterministic, so decode-then-encode giving the same bytes is a full round trip. */
    @Property(tries = 500)
    void everyValueKindRoundTrips(@ForAll("values") Object v) {
        byte[] bytes = ValueCodec.encode(v);
        Object back = ValueCodec.decode(bytes, WireLimits.DEFAULT);
        assertArrayEquals(bytes, ValueCodec.encode(back));
        assertSame(v.getClass(), back.getClass());
    }

    /** The JSON form is the MessagePack converted: read back (JSON-born) it is the value the MessagePack decodes to. */
    @Property(tries = 300)
    void theJsonFormReadsBackToTheSameValue(@ForAll("values") Object v) throws java.io.IOException {
        byte[] bytes = ValueCodec.encode(v);
        String json = PackJson.toJson(bytes);
        try (com.fasterxml.jackson.core.JsonParser p = JsonValues.factory().createParser(json)) {
            Object back = ValueCodec.decodeJsonBorn(PackJson.fromJson(p, 4 * WireLimits.DEFAULT_MAX_DEPTH), WireLimits.DEFAULT_MAX_DEPTH, x -> x);
            assertArrayEquals(bytes, ValueCodec.encode(back), json);
        }
    }

    @Property(tries = 200)
    void typedArraysOfEveryKindDecodeIntoPackedStorage(@ForAll("typedArrays") TypedArray t) {
        Object back = ValueCodec.decode(ValueCodec.encode(t), WireLimits.DEFAULT);
        TypedArray b = assertInstanceOf(TypedArray.class, back);
        assertEquals(t.kind, b.kind);
        assertEquals(t.length, b.length);
        assertArrayEquals(t.data, b.data);
    }

    @Property(tries = 30)
    void nestingUpToTheLimitRoundTrips(@ForAll("depths") int depth) {
        Object v = WireArbitraries.nestedArrays(depth);
        Object back = ValueCodec.decode(ValueCodec.encode(v), WireLimits.DEFAULT);
        int seen = 1;
        while (back instanceof ArrayValue a) {
            back = a.get(0);
            seen++;
        }
        assertEquals(depth, seen);
        assertEquals(1L, back);
    }

    @Provide Arbitrary<Object> values() { return WireArbitraries.values(4); }

    @Provide Arbitrary<TypedArray> typedArrays() { return WireArbitraries.typedArrays(); }

    @Provide Arbitrary<Integer> depths() {
        return net.jqwik.api.Arbitraries.integers().between(1, WireLimits.DEFAULT_MAX_DEPTH).edgeCases(c -> c.includeOnly(1, WireLimits.DEFAULT_MAX_DEPTH));
    }

    @Property(tries = 11)
    void everyElementKindIsNamedOnTheWire(@ForAll ElementKind kind) {
        TypedArray t = TypedArray.zeros(kind, 3);
        String hex = java.util.HexFormat.of().formatHex(ValueCodec.encode(t));
        assertEquals(true, hex.contains(java.util.HexFormat.of().formatHex(kind.name().getBytes())));
    }
}
