package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Blobs are stored once across callers, but each caller's copy keeps its own source lines. */
class SharedBlobsTest {
    private static FunctionBlob f(String source) {
        Program p = ShapeCompiler.compile(source);
        return p.blobs().values().stream().filter(b -> b.name().equals("f")).findFirst().orElseThrow();
    }

    @Test
    void anotherCallersCopyOfTheSameFunctionKeepsItsOwnLines() {
        FunctionBlob alice = f("fn f(x) {\n  x / 0\n}");
        FunctionBlob bob = f("\n\n\n\nfn f(x) {\n  x / 0\n}");
        assertEquals(alice.contentHash(), bob.contentHash(), "lines are not part of the content hash");
        assertNotEquals(alice.sourceMap().get(0)[1], bob.sourceMap().get(0)[1]);

        FunctionBlob forBob = ConnectionRegistry.withSourceMap(alice, bob.sourceMap());
        assertEquals(bob.sourceMap().size(), forBob.sourceMap().size());
        for (int i = 0; i < bob.sourceMap().size(); i++) assertArrayEquals(bob.sourceMap().get(i), forBob.sourceMap().get(i));
        assertSame(alice.instructions(), forBob.instructions(), "the code is still held once");
        assertEquals(alice.contentHash(), forBob.contentHash());
        assertSame(alice, ConnectionRegistry.withSourceMap(alice, f("fn f(x) {\n  x / 0\n}").sourceMap()), "same lines: the shared instance itself");
    }
}
