package dev.shaperemote.bytecode;

import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same source, same hashes; an edit changes the edited function and its dependents, nothing else. */
class ContentHashTest {
    private static final String SOURCE = """
            fn square(x) { x * x }
            fn sum_squares(a, b) { square(a) + square(b) }
            fn unrelated(s) { s.length }
            fn uses_closure(xs) { xs.map(|x| square(x)) }
            sum_squares(3, 4)
            """;

    private static Map<String, FunctionHash> hashesByName(String source) {
        Map<String, FunctionHash> byName = new HashMap<>();
        for (FunctionBlob b : ShapeCompiler.compile(source).blobs().values()) byName.put(b.name(), b.contentHash());
        return byName;
    }

    @Test
    void compilingTwiceGivesTheSameHashes() {
        Program a = ShapeCompiler.compile(SOURCE), b = ShapeCompiler.compile(SOURCE);
        assertEquals(a.blobs().keySet(), b.blobs().keySet());
        assertEquals(a.entry(), b.entry());
    }

    @Test
    void everyBlobHashesToItsKey() {
        for (Map.Entry<FunctionHash, FunctionBlob> e : ShapeCompiler.compile(SOURCE).blobs().entrySet()) {
            assertTrue(e.getValue().hashIsValid());
            assertEquals(e.getKey(), BlobHasher.contentHash(e.getValue()));
        }
    }

    @Test
    void editingOneFunctionChangesItAndItsDependentsOnly() {
        Map<String, FunctionHash> before = hashesByName(SOURCE);
        Map<String, FunctionHash> after = hashesByName(SOURCE.replace("x * x", "x * x + 0"));
        assertNotEquals(before.get("square"), after.get("square"));
        assertNotEquals(before.get("sum_squares"), after.get("sum_squares"));
        assertNotEquals(before.get("uses_closure#0"), after.get("uses_closure#0"));
        assertNotEquals(before.get("uses_closure"), after.get("uses_closure"));
        assertEquals(before.get("unrelated"), after.get("unrelated"));
    }

    @Test
    void movingAFunctionToAnotherLineKeepsItsHash() {
        Map<String, FunctionHash> before = hashesByName(SOURCE);
        Map<String, FunctionHash> after = hashesByName("\n\n// a comment\n" + SOURCE);
        assertEquals(before.get("square"), after.get("square"));
        assertEquals(before.get("uses_closure#0"), after.get("uses_closure#0"));
    }

    @Test
    void aBlobNamesItsCalleesByHash() {
        Program p = ShapeCompiler.compile(SOURCE);
        Map<String, FunctionHash> h = hashesByName(SOURCE);
        FunctionBlob sumSquares = p.blobs().get(h.get("sum_squares"));
        assertEquals(List.of(h.get("square")), sumSquares.dependencies());
    }

    @Test
    void changingAnyIdentityFieldChangesTheHash() {
        FunctionBlob b = ShapeCompiler.compile(SOURCE).blobs().values().iterator().next();
        FunctionBlob renamed = new FunctionBlob(b.contentHash(), b.name() + "x", b.arity(), b.paramNames(), b.localsCount(),
                b.isClosure(), b.capturesCount(), b.isAsync(), b.instructions(), b.constants(), b.strings(),
                b.dependencies(), b.typeSchemas(), b.sourceMap());
        assertFalse(renamed.hashIsValid());
        assertNotEquals(b.contentHash(), BlobHasher.contentHash(renamed));
    }
}
