package dev.shaperemote.worker.batch;

import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import jakarta.batch.runtime.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of a partitioned map job: the ranges, their reading, the part files and the merge. */
class PartitionPiecesTest {

    @Test
    void rangesCoverEveryRecordOnceInNearEqualParts() {
        for (long total : new long[] {0, 1, 2, 7, 100, 100_001, Long.MAX_VALUE / 2}) {
            for (int parts : new int[] {1, 2, 3, 7, 256}) {
                long sum = 0, min = Long.MAX_VALUE, max = 0;
                for (int part = 0; part < parts; part++) {
                    long n = RecordRange.countOf(total, part, parts);
                    assertTrue(n >= 0);
                    sum += n;
                    min = Math.min(min, n);
                    max = Math.max(max, n);
                }
                assertEquals(total, sum, total + " in " + parts);
                assertTrue(max - min <= 1, total + " in " + parts + ": " + min + ".." + max);
                assertEquals(total, RecordRange.end(total, parts - 1, parts));
            }
        }
    }

    @Test
    void aJsonlInputSplitsAtLineStartsAndEachRangeReadsItsOwnRecords(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) text.append("[").append(i * 1000).append("]\n");
        Files.writeString(in, text.append("[10000]").toString()); // the last line without a newline
        List<RecordRange> ranges = BatchFormat.JSONL.split(in, 11, 3);
        assertEquals(List.of(3L, 4L, 4L), ranges.stream().map(RecordRange::count).toList());
        List<String> all = new ArrayList<>();
        for (RecordRange r : ranges) {
            try (LineInput lines = new LineInput(in, r.offset())) {
                for (long i = 0; i < r.count(); i++) {
                    assertTrue(lines.hasNext());
                    all.add(lines.next());
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 10; i++) expected.add("[" + i * 1000 + "]");
        assertEquals(expected, all, "the ranges read every record once, in order");
        assertEquals(List.of(0L, 3L, 7L), ranges.stream().map(RecordRange::start).toList());
        assertEquals(ranges, BatchFormat.JSONL.split(in, 11, 3), "the same input splits the same way every time");
    }

    @Test
    void aRequestStreamSplitsAtFrameStarts(@TempDir Path dir) throws Exception {
        var program = ShapeCompiler.compile("fn g(a) { a }");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (long i = 0; i < 5; i++) {
            stream.write(WireStreamWriter.toBytes(List.of(new WireMessage.Call(RemoteCalls.buildCallRequest(program, "g", List.of(i)))), false));
        }
        Path in = dir.resolve("in.wire");
        Files.write(in, stream.toByteArray());
        List<RecordRange> ranges = BatchFormat.WIRE.split(in, 5, 2);
        assertEquals(List.of(2L, 3L), ranges.stream().map(RecordRange::count).toList());
        try (FrameInput frames = new FrameInput(in, ranges.get(1).offset(), 1 << 20)) {
            FrameRecord third = frames.next(2, false);
            assertNull(third.problem());
            assertEquals(List.of(2L), ShapeMapProcessor.decode(third, dev.shaperemote.wire.WireLimits.DEFAULT).args());
        }
    }

    @Test
    void fewerRecordsThanPartitionsLeaveEmptyRanges(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "[1]\n[2]\n");
        assertEquals(List.of(0L, 1L, 0L, 1L), BatchFormat.JSONL.split(in, 2, 4).stream().map(RecordRange::count).toList());
    }

    @Test
    void theMergeJoinsThePartsInOrderOnceAndAgainAfterACrashDoesNothingTwice(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(PartFiles.data(out, 0), "{\"index\":0}\n{\"index\":1}\n");
        Files.writeString(PartFiles.data(out, 2), "{\"index\":2}\n"); // part 1 had an empty range: no file
        ShapeMapMerge.merge(out, 3);
        assertEquals("{\"index\":0}\n{\"index\":1}\n{\"index\":2}\n", Files.readString(out));
        assertFalse(Files.exists(PartFiles.data(out, 0)), "the parts go once the output is in place");
        ShapeMapMerge.merge(out, 3);
        assertEquals("{\"index\":0}\n{\"index\":1}\n{\"index\":2}\n", Files.readString(out), "merged once");
    }

    @Test
    void aPartitionsStatusIsReadBackAndReportsItsState(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.jsonl");
        assertNull(PartFiles.readStatus(out, 0), "not started");
        PartFiles.writeStatus(out, 0, new PartFiles.Status("fleet2", 500));
        assertEquals(new PartFiles.Status("fleet2", 500), PartFiles.readStatus(out, 0));
        assertEquals("completed", BatchesResource.partitionState(new PartFiles.Status("fleet2", 500), 500, BatchStatus.STARTED));
        assertEquals("started", BatchesResource.partitionState(new PartFiles.Status("fleet2", 499), 500, BatchStatus.STARTED));
        assertEquals("waiting", BatchesResource.partitionState(null, 500, BatchStatus.STARTED));
        assertEquals("failed", BatchesResource.partitionState(new PartFiles.Status("fleet2", 1), 500, BatchStatus.FAILED));
        Files.writeString(PartFiles.status(out, 1), "{not json", StandardCharsets.UTF_8);
        assertNull(PartFiles.readStatus(out, 1), "an unreadable status counts as none");
    }
}
