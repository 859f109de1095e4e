package dev.shaperemote.worker.batch;

import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.lang.ShapeCompiler;
import jakarta.batch.runtime.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of the map job: decoding, the offsets a hand-back rereads from, backoff, the batch share, restarts. */
class BatchPiecesTest {

    @Test
    void aJsonlRecordDecodesToItsArgumentsOrToAnErrLine() {
        MapItem call = ShapeMapProcessor.decode(new MapRecord(7, 70, "[1, \"a\"]"));
        assertEquals(List.of(1L, "a"), call.args());
        assertNull(call.line());
        assertEquals(70, call.offset());
        for (String bad : new String[] {"{\"x\": 1}", "not json", ""}) {
            MapItem done = ShapeMapProcessor.decode(new MapRecord(3, 30, bad));
            assertNull(done.args());
            assertTrue(new String(done.line(), StandardCharsets.UTF_8).startsWith("{\"index\":3,\"err\":{\"kind\":\"ArgumentError\""), bad);
        }
        assertTrue(new String(ShapeMapProcessor.decode(new MapRecord(4, 0, null)).line(), StandardCharsets.UTF_8).contains("longer than"));
    }

    @Test
    void aFrameRecordDecodesToItsCallsArgumentsOrToAProtocolError() {
        var program = ShapeCompiler.compile("fn g(a, b) { a }");
        byte[] stream = WireStreamWriter.toBytes(List.of(new WireMessage.Call(RemoteCalls.buildCallRequest(program, "g", List.of(5L, 6L)))), true);
        byte[] frame = java.util.Arrays.copyOfRange(stream, 4, stream.length);
        assertEquals(List.of(5L, 6L), ShapeMapProcessor.decode(new FrameRecord(0, 0, frame, null), WireLimits.DEFAULT).args());
        MapItem ping = ShapeMapProcessor.decode(new FrameRecord(1, 9, java.util.Arrays.copyOfRange(
                WireStreamWriter.toBytes(List.of(new WireMessage.Ping()), false), 4, 5 + 10), null), WireLimits.DEFAULT);
        assertTrue(new String(ping.line(), StandardCharsets.UTF_8).contains("\"ProtocolError\""));
        MapItem cut = ShapeMapProcessor.decode(new FrameRecord(2, 9, null, "cut short"), WireLimits.DEFAULT);
        assertEquals("{\"index\":2,\"err\":{\"kind\":\"ProtocolError\",\"message\":\"cut short\"}}\n", new String(cut.line(), StandardCharsets.UTF_8));
    }

    /** A record handed back is read again from its offset: the same text, and the same records after it. */
    @Test
    void readingFromARecordsOffsetReadsItAgain(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("in.jsonl");
        Files.writeString(jsonl, "[1]\n[22]\r\n\n[333]");
        List<Long> offsets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (LineInput in = new LineInput(jsonl, 0)) {
            while (in.hasNext()) {
                offsets.add(in.offset());
                texts.add(in.next());
            }
        }
        assertEquals(List.of("[1]", "[22]", "", "[333]"), texts);
        try (LineInput again = new LineInput(jsonl, offsets.get(1))) {
            assertEquals("[22]", again.next());
            assertEquals("", again.next());
            assertEquals("[333]", again.next());
            assertFalse(again.hasNext());
        }

        Path wire = dir.resolve("in.wire");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireStreamWriter writer = new WireStreamWriter(out, false);
        for (int i = 0; i < 3; i++) writer.write(new WireMessage.Ping());
        out.write(new byte[] {0, 0});
        Files.write(wire, out.toByteArray());
        List<FrameRecord> frames = new ArrayList<>();
        try (FrameInput in = new FrameInput(wire, 0, 1 << 20)) {
            for (long i = 0; in.hasNext(); i++) frames.add(in.next(i, false));
        }
        assertEquals(4, frames.size());
        try (FrameInput again = new FrameInput(wire, frames.get(2).offset(), 1 << 20)) {
            assertArrayEquals(frames.get(2).frame(), again.next(2, false).frame());
            assertEquals(frames.get(3).problem(), again.next(3, false).problem());
            assertFalse(again.hasNext());
        }
    }

    @Test
    void backoffDoublesToItsCeilingAndResets() {
        Backoff b = new Backoff(5, 30);
        assertEquals(List.of(5L, 10L, 20L, 30L, 30L), List.of(b.next(), b.next(), b.next(), b.next(), b.next()));
        b.reset();
        assertEquals(5, b.next());
    }

    @Test
    void batchesLeaveAtLeastOnePoolSlotToOtherCallsByDefault() {
        assertEquals(3, BatchConfig.maxParallel(0, 4));
        assertEquals(1, BatchConfig.maxParallel(0, 2));
        assertEquals(1, BatchConfig.maxParallel(0, 1));
        assertEquals(2, BatchConfig.maxParallel(2, 4));
        assertEquals(4, BatchConfig.maxParallel(9, 4), "never more than the pool");
    }

    @Test
    void onlyAnExecutionFailedSinceThisJvmStartedIsInterrupted() {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        assertTrue(BatchRestarts.interrupted(BatchStatus.FAILED, Date.from(start.plusSeconds(5)), start));
        assertFalse(BatchRestarts.interrupted(BatchStatus.FAILED, Date.from(start.minusSeconds(5)), start), "failed in an earlier run");
        assertFalse(BatchRestarts.interrupted(BatchStatus.STOPPED, Date.from(start.plusSeconds(5)), start), "stopped: the operator's");
        assertFalse(BatchRestarts.interrupted(BatchStatus.FAILED, null, start));
    }

    @Test
    void progressReadsRecordsOfTheTotalAndLogsAtMostEverySecondAndEveryFivePercent() {
        long[] now = {0};
        ProgressReport report = new ProgressReport("1000", () -> now[0]);
        assertEquals("400 of 1000 records written", report.text(400));
        assertEquals("7 records written", new ProgressReport(null, () -> 0).text(7), "a job started without a total");
        assertEquals("7 records written", new ProgressReport("many", () -> 0).text(7));

        assertTrue(report.due(20), "the first checkpoint");
        assertFalse(report.due(200), "5 % and more, but within the second");
        now[0] += ProgressReport.MIN_INTERVAL_NANOS;
        assertFalse(report.due(60), "a second later, but under 5 %");
        assertTrue(report.due(70), "a second later and 5 %");
        now[0] += 10 * ProgressReport.MIN_INTERVAL_NANOS;
        assertFalse(report.due(110), "under 5 % however long it took");

        assertTrue(report.changed(110), "the step's last count when not logged yet");
        assertFalse(report.changed(110));
        ProgressReport unknown = new ProgressReport(null, () -> now[0]);
        assertTrue(unknown.due(1));
        now[0] += ProgressReport.MIN_INTERVAL_NANOS;
        assertTrue(unknown.due(2), "without a total, once a second");
    }
}
