package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.BytesValue;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.ElementKind;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.ErrValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.MatrixValue;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.vm.RangeValue;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.vm.TypedArray;
import dev.shaperemote.vm.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonValuesTest {

    static Stream<Object> everyKind() {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("zeta", 1L);
        fields.put("alpha", "first written last");
        LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();
        entries.put("k", 2.5);
        entries.put(7L, ArrayValue.of(List.of(true)));
        TypedArray ints = TypedArray.zeros(ElementKind.I32, 3);
        ints.set(0, -5L);
        ints.set(2, 1L << 20);
        return Stream.of(
                Nil.NONE, Nil.UNIT, 0L, Long.MIN_VALUE, Long.MAX_VALUE, 1.5, -0.25, 1e300, true, false,
                "", "héllo \"quoted\"\n", "None", "Unit",
                new SomeValue(3L), new OkValue("fine"), new ErrValue(new SomeValue(Nil.NONE)),
                ArrayValue.of(List.of(1L, 2.0, "three", Nil.UNIT)), new ArrayValue(),
                new ObjectValue(fields), new ObjectValue(), new MapValue(entries),
                new EnumValue("Shape", "Circle", new Object[] {2.0}), new EnumValue("Color", "Red", new Object[0]),
                new RangeValue(1L, 10L, false), new RangeValue(null, 5L, true), new RangeValue(0L, null, false),
                ints, TypedArray.ofDoubles(new double[] {1.5, -2.0}), TypedArray.zeros(ElementKind.Bool, 2),
                new MatrixValue(2, 3, new double[] {1, 2, 3, 4, 5, 6.5}),
                new BytesValue(new byte[] {0, (byte) 0xFF, 42}));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyValueKindRoundTrips(Object value) {
        Object back = JsonValues.parse(JsonValues.toJson(value));
        assertEquals(Values.typeName(value), Values.typeName(back));
        assertTrue(sameValue(value, back), () -> "round trip changed " + JsonValues.toJson(value) + " into " + JsonValues.toJson(back));
    }

    /** Values.equal treats 1 and 1.0 as equal; a round trip must also keep int and number apart, and field order. */
    private static boolean sameValue(Object a, Object b) {
        return Values.equal(a, b) && JsonValues.toJson(a).equals(JsonValues.toJson(b));
    }

    @Test
    void writesTheTaggedFormOfWireSection7() {
        assertEquals("{\"Int\":3}", JsonValues.toJson(3L));
        assertEquals("{\"Number\":1.5}", JsonValues.toJson(1.5));
        assertEquals("{\"Bool\":true}", JsonValues.toJson(true));
        assertEquals("\"None\"", JsonValues.toJson(Nil.NONE));
        assertEquals("\"Unit\"", JsonValues.toJson(Nil.UNIT));
        assertEquals("{\"String\":\"x\"}", JsonValues.toJson("x"));
        assertEquals("{\"Some\":{\"Int\":1}}", JsonValues.toJson(new SomeValue(1L)));
        assertEquals("{\"Array\":[{\"Int\":1},\"None\"]}", JsonValues.toJson(ArrayValue.of(List.of(1L, Nil.NONE))));
        assertEquals("{\"HashMap\":{\"keys\":[{\"String\":\"a\"}],\"values\":[{\"Int\":1}]}}",
                JsonValues.toJson(new MapValue(new LinkedHashMap<>(java.util.Map.of("a", 1L)))));
        assertEquals("{\"Enum\":{\"enum_name\":\"Shape\",\"variant\":\"Circle\",\"payload\":[{\"Number\":2.0}]}}",
                JsonValues.toJson(new EnumValue("Shape", "Circle", new Object[] {2.0})));
        // An absent optional is left out, as in the MessagePack (WIRE.md section 3).
        assertEquals("{\"Range\":{\"start\":{\"Int\":1},\"inclusive\":false}}",
                JsonValues.toJson(new RangeValue(1L, null, false)));
        assertEquals("{\"Bytes\":\"AP8=\"}", JsonValues.toJson(new BytesValue(new byte[] {0, (byte) 0xFF})));
    }

    @Test
    void packedDataIsLittleEndianBase64() {
        TypedArray t = TypedArray.zeros(ElementKind.U16, 2);
        t.set(0, 1L);
        t.set(1, 0x0203L);
        assertEquals("{\"TypedArray\":{\"element_kind\":\"U16\",\"len\":2,\"data\":\"AQADAg==\"}}", JsonValues.toJson(t));
        assertEquals("{\"Matrix\":{\"rows\":1,\"cols\":1,\"data\":\"AAAAAAAA8D8=\"}}",
                JsonValues.toJson(new MatrixValue(1, 1, new double[] {1.0})));
    }

    @Test
    void nonFiniteNumbersSurviveAsStrings() {
        assertEquals("{\"Number\":\"NaN\"}", JsonValues.toJson(Double.NaN));
        assertTrue(Double.isNaN((Double) JsonValues.parse(JsonValues.toJson(Double.NaN))));
        assertEquals(Double.NEGATIVE_INFINITY, JsonValues.parse(JsonValues.toJson(Double.NEGATIVE_INFINITY)));
        assertEquals(Double.POSITIVE_INFINITY, JsonValues.parse("{\"Number\": \"Infinity\"}"));
    }

    @Test
    void plainJsonMapsToTheObviousValues() {
        Object v = JsonValues.parse("{\"n\": 3, \"x\": 2.5, \"s\": \"hi\", \"b\": false, \"z\": null, \"a\": [1, [2]]}");
        ObjectValue o = assertInstanceOf(ObjectValue.class, v);
        assertEquals(List.of("n", "x", "s", "b", "z", "a"), List.copyOf(o.fields.keySet()));
        assertEquals(3L, o.fields.get("n"));
        assertEquals(2.5, o.fields.get("x"));
        assertEquals("hi", o.fields.get("s"));
        assertEquals(false, o.fields.get("b"));
        assertSame(Nil.NONE, o.fields.get("z"));
        assertEquals("{\"Array\":[{\"Int\":1},{\"Array\":[{\"Int\":2}]}]}", JsonValues.toJson(o.fields.get("a")));
        assertEquals(1.0, JsonValues.parse("1.0"));
        assertEquals(-7L, JsonValues.parse("-7"));
    }

    @Test
    void tagsAreRecognisedOnlyAsTheSoleKey() {
        ObjectValue o = assertInstanceOf(ObjectValue.class, JsonValues.parse("{\"String\": 5, \"Int\": \"x\"}"));
        assertEquals(5L, o.fields.get("String"));
        assertEquals("x", o.fields.get("Int"));
        // Inside an Object body the keys are field names, even when they look like tags.
        ObjectValue fields = assertInstanceOf(ObjectValue.class, JsonValues.parse("{\"Object\": {\"Int\": {\"Int\": 1}}}"));
        assertEquals(1L, fields.fields.get("Int"));
        assertEquals("None", JsonValues.parse("{\"String\": \"None\"}"));
        assertEquals(List.of(1L, 2L), ((ArrayValue) JsonValues.parse("[{\"Int\": 1}, 2]")).items);
    }

    @Test
    void malformedTaggedValuesAreArgumentErrors() {
        for (String json : List.of("{\"Int\": \"3\"}", "{\"Int\": 1.5}", "{\"Array\": 3}", "{\"Bytes\": \"not base64!\"}",
                "{\"TypedArray\": {\"element_kind\": \"F64\", \"len\": 2, \"data\": \"AAAA\"}}",
                "{\"TypedArray\": {\"element_kind\": \"F128\", \"len\": 0, \"data\": \"\"}}",
                "{\"HashMap\": {\"keys\": [1], \"values\": []}}", "{\"Decimal\": \"1.10\"}",
                "{\"FunctionRef\": {\"name\": \"f\", \"hash\": null}}", "[1, 2", "1 2", "",
                "123456789012345678901234567890")) {
            ShapeError e = assertThrows(ShapeError.class, () -> JsonValues.parse(json), json);
            assertEquals(ShapeError.Kind.ArgumentError, e.kind(), json);
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        ShapeError e = assertThrows(ShapeError.class, () -> JsonValues.parse(deep));
        assertEquals(ShapeError.Kind.ArgumentError, e.kind());
        String tagged = "{\"Some\":".repeat(JsonValues.MAX_DEPTH + 5) + "1" + "}".repeat(JsonValues.MAX_DEPTH + 5);
        assertThrows(ShapeError.class, () -> JsonValues.parse(tagged));
        String fine = "[".repeat(JsonValues.MAX_DEPTH) + "]".repeat(JsonValues.MAX_DEPTH);
        assertInstanceOf(ArrayValue.class, JsonValues.parse(fine));
    }

    @Test
    void aCyclicValueIsRefusedWhenWritten() {
        ArrayValue a = new ArrayValue();
        a.items.add(a);
        ShapeError e = assertThrows(ShapeError.class, () -> JsonValues.toJson(a));
        assertEquals(ShapeError.Kind.ResourceLimit, e.kind());
    }

    @Test
    void functionsTravelByNameAndHashAndResolveThroughTheProgram() {
        FunctionProto add = proto("add", false);
        add.hash = new byte[32];
        Arrays.fill(add.hash, (byte) 0xAB);
        FunctionProto lambda = proto("lambda", true);
        lambda.id = 4;
        JsonValues.FunctionResolver program = (name, id, hash) ->
                hash != null && Arrays.equals(hash, add.hash) ? add : id != null && id == 4 ? lambda : null;

        String ref = JsonValues.toJson(new Closure(add, new Cell[0]));
        assertEquals("{\"FunctionRef\":{\"name\":\"add\",\"hash\":\"" + "ab".repeat(32) + "\"}}", ref);
        Closure back = assertInstanceOf(Closure.class, JsonValues.parse(ref, program));
        assertSame(add, back.proto);

        String closure = JsonValues.toJson(new Closure(lambda, new Cell[] {new Cell(10L), new Cell("s")}));
        assertEquals("{\"Closure\":{\"function_id\":4,\"upvalues\":[{\"Int\":10},{\"String\":\"s\"}]}}", closure);
        Closure c = assertInstanceOf(Closure.class, JsonValues.parse(closure, program));
        assertSame(lambda, c.proto);
        assertEquals(List.of(10L, "s"), Arrays.stream(c.cells).map(cell -> cell.value).toList());

        ShapeError unknown = assertThrows(ShapeError.class, () -> JsonValues.parse(ref));
        assertEquals(ShapeError.Kind.ArgumentError, unknown.kind());
    }

    @Test
    void typedArrayDataKeepsItsElements() {
        TypedArray t = (TypedArray) JsonValues.parse(JsonValues.toJson(TypedArray.ofDoubles(new double[] {0.5, 3.25})));
        assertEquals(ElementKind.F64, t.kind);
        assertEquals(2, t.length);
        assertEquals(3.25, t.get(1));
        MatrixValue m = (MatrixValue) JsonValues.parse(JsonValues.toJson(new MatrixValue(2, 1, new double[] {7, 8})));
        assertArrayEquals(new double[] {7, 8}, m.data());
    }

    private static FunctionProto proto(String name, boolean isClosure) {
        return new FunctionProto(name, 0, 0, new String[0], 0, isClosure, isClosure ? 2 : 0, new int[0],
                new Object[0], new String[0], new int[0]);
    }
}
