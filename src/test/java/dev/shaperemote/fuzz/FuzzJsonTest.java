package dev.shaperemote.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.JsonValues;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JSON values (WIRE.md section 7) through {@link JsonValues#parse}: the only failure allowed is a
 * {@link ShapeError} of kind ArgumentError. A value that parses must write as JSON (or fail with a
 * documented ShapeError), and what is written must parse again.
 */
class FuzzJsonTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8);
        Object v;
        try {
            v = JsonValues.parse(json);
        } catch (ShapeError e) {
            assertEquals(ShapeError.Kind.ArgumentError, e.kind(), e.getMessage());
            return;
        }
        String written;
        try {
            written = JsonValues.toJson(v);
        } catch (ShapeError e) {
            return; // e.g. nested past the writer's depth limit
        }
        JsonValues.parse(written);
        FuzzChecks.checkValue(v);
    }
}
