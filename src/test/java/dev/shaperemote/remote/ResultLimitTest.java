package dev.shaperemote.remote;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call's result whose encoding passes the memory budget is ResourceLimit, found without encoding it whole. */
class ResultLimitTest {
    private static final String SOURCE = """
            fn shared() {
              let mut a = [1]
              for i in range(0, 40) { a = [a, a] }
              a
            }
            fn small() { [1, 2, 3] }
            """;
    private final Program program = ShapeCompiler.compile(SOURCE);

    private WireMessage.RemoteCallResponse call(String function) throws Exception {
        RemoteBlobCache cache = new RemoteBlobCache(100, 16 << 20);
        return CompletableFuture.supplyAsync(() -> RemoteExecutor.executeRemoteCall(
                RemoteCalls.buildCallRequest(program, function, List.of()), List.of(), cache, RemoteExecutor.CallOptions.defaults()))
                .get(60, TimeUnit.SECONDS); // generous: the fix answers in about a second, without it the encoding never ends
    }

    @Test
    void aResultThatSharesItselfIsAResourceLimitWithAMessageToActOn() throws Exception {
        WireMessage.RemoteCallResponse r = call("shared");
        assertFalse(r.isOk());
        assertEquals(RemoteErrorKind.ResourceLimit.name(), r.error().kind(), r.error().message());
        assertTrue(r.error().message().contains("return a smaller value"), r.error().message());
    }

    @Test
    void aSmallResultPasses() throws Exception {
        WireMessage.RemoteCallResponse r = call("small");
        assertTrue(r.isOk(), () -> r.error().message());
    }

    @Test
    void aCancelWhileMeasuringIsATimeout() {
        RunControl control = new RunControl();
        control.cancel();
        dev.shaperemote.vm.ShapeError e = org.junit.jupiter.api.Assertions.assertThrows(dev.shaperemote.vm.ShapeError.class,
                () -> ResultLimit.check(new dev.shaperemote.vm.ArrayValue(new java.util.ArrayList<>(java.util.Collections.nCopies(100_000, "xxxxxxxx"))),
                        Budgets.defaults().maxMemoryBytes(), control::cancelled));
        assertEquals(dev.shaperemote.vm.ShapeError.Kind.Timeout, e.kind());
    }
}
