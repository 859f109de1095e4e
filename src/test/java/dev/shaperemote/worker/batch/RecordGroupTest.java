package dev.shaperemote.worker.batch;

import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.RunningVm;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RecordGroup} on the test's own threads: which records run, in which order, and what stops it. */
class RecordGroupTest {
    /** Doubles x; loops until cancelled when x is negative. */
    private static final MapFunction F = new MapFunction(
            "fn f(x) {\n  if x < 0 {\n    let mut k = 0\n    while true { k = k + 1 }\n  }\n  x * 2\n}", "f",
            Budgets.defaults().withInstructions(Long.MAX_VALUE));

    private final List<String> kinds = new ArrayList<>();
    private final RecordGroup.Meter meter = (kind, nanos) -> kinds.add(String.valueOf(kind));

    private static List<MapItem> calls(long... xs) {
        List<MapItem> items = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) items.add(MapItem.call(i, i * 10L, List.of(xs[i])));
        return items;
    }

    private static String text(List<byte[]> lines) {
        StringBuilder s = new StringBuilder();
        for (byte[] l : lines) s.append(new String(l, StandardCharsets.UTF_8));
        return s.toString();
    }

    @Test
    void runsRecordsInOrderAndPassesFinishedLinesThrough() {
        List<MapItem> items = calls(1, 2, 3);
        items.set(1, MapItem.done(1, 10, ResultLines.err(1, "ArgumentError", "not a list")));
        RecordGroup group = new RecordGroup(F, items, () -> false, meter, 5000);
        group.call();
        assertEquals("{\"index\":0,\"ok\":{\"Int\":2}}\n"
                + "{\"index\":1,\"err\":{\"kind\":\"ArgumentError\",\"message\":\"not a list\"}}\n"
                + "{\"index\":2,\"ok\":{\"Int\":6}}\n", text(group.finish()));
        assertEquals(List.of("null", "null"), kinds, "only the two calls ran, both ok");
    }

    @Test
    void takesAtMostMaxRecordsAndNoneAfterItsSliceButAlwaysOne() {
        long[] xs = new long[RecordGroup.MAX_RECORDS + 44];
        Arrays.fill(xs, 1);
        RecordGroup group = new RecordGroup(F, calls(xs), () -> false, meter, 5000, Long.MAX_VALUE);
        group.call();
        assertEquals(RecordGroup.MAX_RECORDS, group.finish().size());

        RecordGroup sliced = new RecordGroup(F, calls(1, 2, 3), () -> false, meter, 5000, -1);
        sliced.call();
        assertEquals(1, sliced.finish().size(), "past its slice from the start, the group still runs one record");
    }

    @Test
    void noRecordStartsOnceTheWorkerDrains() {
        AtomicInteger asked = new AtomicInteger();
        RecordGroup draining = new RecordGroup(F, calls(1, 2, 3, 4), () -> asked.incrementAndGet() > 2, meter, 5000, Long.MAX_VALUE);
        draining.call();
        assertEquals(2, draining.finish().size(), "records 0 and 1 ran; the drain came before record 2");

        RecordGroup drained = new RecordGroup(F, calls(1, 2), () -> true, meter, 5000);
        drained.call();
        assertEquals(0, drained.finish().size());
    }

    @Test
    void aCancelBeforeTheStartRunsNothing() {
        RecordGroup group = new RecordGroup(F, calls(1, 2), () -> false, meter, 5000);
        group.cancel();
        group.call();
        assertEquals(0, group.finish().size());
        assertTrue(group.cancelRequested());
    }

    /** The deadline stops the running record (a Timeout line) and no record after it starts. */
    @Test
    void theDeadlineStopsTheRunningRecordAsATimeoutAndNoLaterRecordStarts() throws Exception {
        RecordGroup group = new RecordGroup(F, calls(1, -1, 3), () -> false, meter, 1234);
        Thread runner = new Thread(group::call, "record-group-test");
        runner.start();
        RunningVm.await(runner); // the looping record has started and its VM can be cancelled
        group.cancel();
        assertTrue(group.awaitEnd(60_000), "the group did not end after its cancel");
        List<byte[]> lines = group.finish();
        assertEquals("{\"index\":0,\"ok\":{\"Int\":2}}\n{\"index\":1,\"err\":{\"kind\":\"Timeout\",\"message\":"
                + "\"the record ran past its time budget of 1234 ms (shape.worker.call.timeout-ms) and was stopped\"}}\n", text(lines));
        assertEquals(List.of("null", "Timeout"), kinds);
        runner.join();
    }
}
