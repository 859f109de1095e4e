package dev.shaperemote.wire;

import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A struct value's type name on the wire: the reserved first Object field "$type" (WIRE.md section 7). */
class TypedObjectTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ObjectValue point(String typeName) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("x", 1L);
        return new ObjectValue(fields, typeName);
    }

    @Test
    void aStructIsAnObjectWhoseFirstFieldIsItsTypeName() {
        // {"Object": {"$type": {"String": "Point"}, "x": {"Int": 1}}}: the example in WIRE.md section 7.
        String hex = "81a64f626a65637482a52474797065" + "81a6537472696e67a5506f696e74" + "a178" + "81a3496e7401";
        assertEquals(hex, HEX.formatHex(ValueCodec.encode(point("Point"))));
        ObjectValue back = (ObjectValue) ValueCodec.decode(HEX.parseHex(hex), WireLimits.DEFAULT);
        assertEquals("Point", back.typeName);
        assertEquals(1, back.fields.size(), "$type is not a field");
        assertEquals(1L, back.fields.get("x"));
    }

    @Test
    void aPlainObjectHasNoTypeField() {
        assertEquals("81a64f626a6563748" + "1a178" + "81a3496e7401", HEX.formatHex(ValueCodec.encode(point(null))));
        assertNull(((ObjectValue) ValueCodec.decode(ValueCodec.encode(point(null)), WireLimits.DEFAULT)).typeName);
    }

    @Test
    void aTypeNameThatIsNotANonEmptyStringOnceIsAProtocolError() {
        for (String body : new String[] {
                "81a52474797065" + "81a3496e7401",                                   // {"$type": {"Int": 1}}
                "81a52474797065" + "81a6537472696e67a0",                             // {"$type": {"String": ""}}
                "82a52474797065" + "81a6537472696e67a141" + "a52474797065" + "81a6537472696e67a142"}) { // twice
            WireException e = assertThrows(WireException.class, () -> ValueCodec.decode(HEX.parseHex("81a64f626a656374" + body), WireLimits.DEFAULT));
            assertTrue(e.getMessage().contains("$type"), e.getMessage());
        }
    }

    @Test
    void anObjectWithAFieldNamedTypeCannotBeSent() {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("$type", "Point");
        assertThrows(WireException.class, () -> ValueCodec.encode(new ObjectValue(fields)));
    }
}
