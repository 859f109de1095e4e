package dev.shaperemote.worker.batch;

import dev.shaperemote.remote.RunControl;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.ObjectValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A map function's records are checked against the program's struct declarations, as a remote call's arguments are. */
class MapFunctionTest {
    private static final MapFunction F = new MapFunction("type P { a: int }\nfn f(p) { p.a }", "f", Budgets.defaults());

    private static ObjectValue p(String... names) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        for (String n : names) fields.put(n, 7L);
        return new ObjectValue(fields, "P");
    }

    @Test
    void aRecordWhoseTypedValueHasOtherFieldsThanDeclaredIsAnArgumentErrorLine() {
        // f never builds a P, so only "every struct type of the program" puts P's fields in the schemas.
        MapFunction.Result bad = F.call(0, List.of(p("a", "b")), new RunControl());
        assertEquals("ArgumentError", bad.errorKind());
        assertEquals("{\"index\":0,\"err\":{\"kind\":\"ArgumentError\",\"message\":\"argument 1: P has no field 'b' (P declares a)\"}}\n",
                new String(bad.line(), StandardCharsets.UTF_8));
        MapFunction.Result ok = F.call(1, List.of(p("a")), new RunControl());
        assertNull(ok.errorKind());
        assertEquals("{\"index\":1,\"ok\":{\"Int\":7}}\n", new String(ok.line(), StandardCharsets.UTF_8));
    }
}
