package dev.shaperemote.wire;

import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.SomeValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonValuesProperties {

    @Property(tries = 300)
    void anyNestedValueRoundTripsToTheSameJson(@ForAll("values") Object value) {
        String json = JsonValues.toJson(value);
        assertEquals(json, JsonValues.toJson(JsonValues.parse(json)));
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.longs().map(l -> (Object) l),
                () -> Arbitraries.doubles().map(d -> (Object) d),
                () -> Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                () -> Arbitraries.of(true, false).map(b -> (Object) b),
                () -> values().list().ofMaxSize(4).map(items -> (Object) new ArrayValue(new ArrayList<>(items))),
                () -> values().map(v -> (Object) new SomeValue(v)),
                () -> Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), values()).ofMaxSize(3)
                        .map(m -> (Object) new ObjectValue(new LinkedHashMap<>(m))));
    }
}
