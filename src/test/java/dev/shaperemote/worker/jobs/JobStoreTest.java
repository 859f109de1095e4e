package dev.shaperemote.worker.jobs;

import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import dev.shaperemote.worker.WorkerFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobStoreTest {
    private static final long RETENTION = 60;
    private static final byte[] REQUEST = WireStreamWriter.toBytes(List.of(new WireMessage.Ping()), false);
    private static final byte[] ANSWER = WireStreamWriter.toBytes(List.of(new WireMessage.Error("RuntimeError", "boom", 7L)), true);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r); }
        @Override public void flush() {}
        @Override public void close() {}
    };
    private final Logger filesLog = Logger.getLogger(JobFiles.class.getName());

    @BeforeEach
    void listen() { filesLog.addHandler(capture); }

    @AfterEach
    void stopListening() { filesLog.removeHandler(capture); }

    private JobStore store() { return new JobStore(dir, RETENTION, 100, WireLimits.DEFAULT, clock); }

    private Path home(WireJob job) { return dir.resolve(job.id()); }

    @Test
    void anAcceptedJobIsOnDiskAndAfterARestartIsReturnedToRunAgainWithItsToken() throws Exception {
        JobStore before = store();
        WireJob job = before.accept(REQUEST, "tok-1", "alice");
        assertArrayEquals(REQUEST, Files.readAllBytes(home(job).resolve(JobFiles.REQUEST)));
        assertTrue(Files.exists(home(job).resolve(JobFiles.STATE)));

        JobStore after = store();
        List<WireJob> unfinished = after.reload();
        assertEquals(1, unfinished.size());
        WireJob again = unfinished.get(0);
        assertEquals(job.id(), again.id());
        assertEquals("tok-1", again.token());
        assertEquals("alice", again.owner(), "the owner survives a restart, so nobody else can read the job afterwards");
        assertEquals(job.submittedAt(), again.submittedAt());
        assertEquals(WireJob.Status.queued, again.status());
        assertArrayEquals(REQUEST, after.request(again));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aJobThatWasRunningWhenTheWorkerDiedIsRunAgain() {
        JobStore before = store();
        WireJob job = before.accept(REQUEST, null, "alice");
        before.running(job);
        assertEquals(WireJob.Status.running, job.status());

        List<WireJob> unfinished = store().reload();
        assertEquals(List.of(job.id()), unfinished.stream().map(WireJob::id).toList());
        assertNull(unfinished.get(0).token());
    }

    @Test
    void unfinishedJobsComeBackOldestFirst() {
        JobStore before = store();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(before.accept(REQUEST, null, "alice").id());
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(ids, store().reload().stream().map(WireJob::id).toList());
    }

    @Test
    void aFinishedJobIsServedAfterARestartAndNotRunAgain() throws Exception {
        JobStore before = store();
        WireJob job = before.accept(REQUEST, null, "alice");
        before.running(job);
        before.finish(job, WireJob.Status.done, ANSWER);
        assertFalse(Files.exists(home(job).resolve(JobFiles.REQUEST)), "a finished job's request is deleted");

        JobStore after = store();
        assertTrue(after.reload().isEmpty());
        WireJob again = after.find(job.id());
        assertNotNull(again);
        assertEquals(WireJob.Status.done, again.status());
        assertArrayEquals(ANSWER, again.stream());
        assertEquals(job.finishedAt(), again.finishedAt());
    }

    @Test
    void aFinishedJobIsDroppedWithItsFilesAfterItsRetention() {
        JobStore store = store();
        WireJob job = store.accept(REQUEST, null, "alice");
        store.finish(job, WireJob.Status.failed, ANSWER);
        clock.advance(Duration.ofSeconds(RETENTION - 1));
        assertNotNull(store.find(job.id()));
        clock.advance(Duration.ofSeconds(1));
        assertNull(store.find(job.id()));
        assertFalse(Files.exists(home(job)));
    }

    @Test
    void theSweepDeletesExpiredJobsButNeverUnfinishedOnes() {
        JobStore store = store();
        WireJob finished = store.accept(REQUEST, null, "alice");
        WireJob queued = store.accept(REQUEST, null, "alice");
        store.finish(finished, WireJob.Status.done, ANSWER);
        clock.advance(Duration.ofSeconds(RETENTION * 10));
        store.sweep();
        assertFalse(Files.exists(home(finished)));
        assertTrue(Files.exists(home(queued)));
        assertEquals(1, store.size());
    }

    @Test
    void anAnswerThatExpiredWhileTheWorkerWasDownIsDeletedAtReload() {
        JobStore before = store();
        WireJob job = before.accept(REQUEST, null, "alice");
        before.finish(job, WireJob.Status.done, ANSWER);
        clock.advance(Duration.ofSeconds(RETENTION + 1));

        JobStore after = store();
        assertTrue(after.reload().isEmpty());
        assertNull(after.find(job.id()));
        assertFalse(Files.exists(home(job)));
    }

    @Test
    void theStoreRefusesJobsPastItsMaximumAndAWithdrawnJobLeavesNoFiles() {
        JobStore store = new JobStore(dir, RETENTION, 2, WireLimits.DEFAULT, clock);
        WireJob first = store.accept(REQUEST, null, "alice");
        store.accept(REQUEST, null, "alice");
        WorkerFailure full = assertThrows(WorkerFailure.class, () -> store.accept(REQUEST, null, "alice"));
        assertEquals(503, full.status());
        store.remove(first);
        assertFalse(Files.exists(home(first)));
        assertNotNull(store.accept(REQUEST, null, "alice"));
    }

    @Test
    void corruptAndPartialJobsOnDiskAreSkippedWithAWarningAndTheGoodOnesLoad() throws Exception {
        JobStore before = store();
        WireJob good = before.accept(REQUEST, null, "alice");
        WireJob done = before.accept(REQUEST, null, "alice");
        before.finish(done, WireJob.Status.done, ANSWER);

        // Stored while the worker died, before the state that accepts it: deleted.
        Path partial = Files.createDirectories(dir.resolve("11111111-1111-1111-1111-111111111111"));
        Files.write(partial.resolve(JobFiles.REQUEST), REQUEST);
        // A state that does not parse, one without its times, a finished job without its answer,
        // a finished job whose answer is not a stream, an unfinished one without its request: skipped, left.
        Path garbage = job("22222222-2222-2222-2222-222222222222", "status=exploded\nsubmitted_at=2025-01-01T00:00:00Z\n");
        Path noTimes = job("33333333-3333-3333-3333-333333333333", "status=queued\n");
        Path noAnswer = job("44444444-4444-4444-4444-444444444444", "status=done\nsubmitted_at=2025-01-01T00:00:00Z\nfinished_at=2025-01-01T00:00:00Z\n");
        Path badAnswer = job("55555555-5555-5555-5555-555555555555", "status=done\nsubmitted_at=2025-01-01T00:00:00Z\nfinished_at=2025-01-01T00:00:00Z\n");
        Files.write(badAnswer.resolve(JobFiles.RESPONSE), new byte[] {0, 0, 0, 9, 1});
        Path noRequest = job("66666666-6666-6666-6666-666666666666", "status=queued\nsubmitted_at=2025-01-01T00:00:00Z\n");
        Files.delete(noRequest.resolve(JobFiles.REQUEST));
        Path binary = job("77777777-7777-7777-7777-777777777777", "");
        Files.write(binary.resolve(JobFiles.STATE), new byte[] {(byte) 0xff, 0, '\\', 'u', 'z', 'z'});
        Files.writeString(dir.resolve("notes.txt"), "not a job");

        JobStore after = store();
        List<WireJob> unfinished = after.reload();
        assertEquals(List.of(good.id()), unfinished.stream().map(WireJob::id).toList());
        assertNotNull(after.find(done.id()));
        assertEquals(2, after.size());

        assertFalse(Files.exists(partial), "a job never accepted is deleted");
        for (Path skipped : List.of(garbage, noTimes, noAnswer, badAnswer, noRequest, binary)) {
            assertTrue(Files.exists(skipped), skipped + " is left for an operator");
            String id = skipped.getFileName().toString();
            assertTrue(warnings.stream().anyMatch(w -> w.getMessage().contains(id)), "no warning names " + id + ": " + messages());
        }
        assertTrue(warnings.stream().anyMatch(w -> w.getMessage().contains(partial.getFileName().toString())), messages().toString());
        assertTrue(warnings.stream().anyMatch(w -> w.getMessage().contains("notes.txt")), messages().toString());
    }

    private Path job(String id, String state) throws Exception {
        Path home = Files.createDirectories(dir.resolve(id));
        Files.write(home.resolve(JobFiles.REQUEST), REQUEST);
        Files.write(home.resolve(JobFiles.STATE), state.getBytes(StandardCharsets.ISO_8859_1));
        return home;
    }

    private List<String> messages() { return warnings.stream().map(LogRecord::getMessage).toList(); }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) { this.now = now; }

        void advance(Duration d) { now = now.plus(d); }

        @Override public Instant instant() { return now; }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    @Test
    void belowTheDiskFloorNewJobsAreRefusedAndNothingIsStored() {
        java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(0);
        JobStore full = new JobStore(dir.resolve("floor"), 600, 10, WireLimits.DEFAULT, clock,
                new dev.shaperemote.worker.DiskGuard(1 << 20, d -> free.get(), 1));
        WorkerFailure f = assertThrows(WorkerFailure.class, () -> full.accept(new byte[] {1}, null, "alice"));
        assertEquals(503, f.status());
        assertTrue(f.getMessage().contains("disk is almost full"), f.getMessage());
        assertEquals(0, full.size());
        free.set(2 << 20);
        assertNotNull(full.accept(new byte[] {1}, null, "alice"));
        assertEquals(1, full.size());
    }
}
