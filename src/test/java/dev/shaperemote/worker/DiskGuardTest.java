package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The free-space floor and the sweep of expired files, over a temporary directory and a probe the test sets. */
class DiskGuardTest {
    @TempDir
    Path dir;

    @Test
    void belowTheFloorNewWorkIsRefusedAsOverloadedAndSaysWhy() {
        AtomicLong free = new AtomicLong(10_000);
        DiskGuard guard = new DiskGuard(5_000, d -> free.get(), 7);
        assertDoesNotThrow(() -> guard.require(dir, "jobs"));
        free.set(4_999);
        WorkerFailure f = assertThrows(WorkerFailure.class, () -> guard.require(dir, "jobs"));
        assertEquals(503, f.status());
        assertEquals(RemoteErrorKind.Overloaded, f.kind());
        assertEquals(7, f.retryAfterSeconds());
        assertTrue(f.getMessage().contains("disk is almost full"), f.getMessage());
        assertTrue(f.getMessage().contains(DiskGuard.MIN_FREE_KEY), f.getMessage());
        assertTrue(f.getMessage().contains("new jobs are refused"), f.getMessage());
        assertFalse(f.getMessage().contains(dir.toString()), f.getMessage()); // no path of the server
        free.set(5_000);
        assertDoesNotThrow(() -> guard.require(dir, "jobs"));
    }

    @Test
    void aFloorOfZeroOrAnUnreadableDiskRefusesNothing() {
        assertDoesNotThrow(() -> new DiskGuard(0, d -> 0, 1).require(dir, "jobs"));
        assertDoesNotThrow(() -> new DiskGuard(1 << 20, d -> { throw new IOException("no"); }, 1).require(dir, "jobs"));
    }

    @Test
    void theRealProbeReadsTheNearestExistingDirectory() throws IOException {
        assertTrue(DiskGuard.usableSpace(dir.resolve("not/yet/there")) > 0);
    }

    @Test
    void theSweepDeletesExpiredFilesButNotTheOnesInUseOrFresh() throws IOException {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        Path old = touch("old.jsonl", now.minus(Duration.ofHours(25)));
        Path busy = touch("busy.jsonl", now.minus(Duration.ofHours(48)));
        Path fresh = touch("fresh.jsonl", now.minus(Duration.ofHours(1)));
        Files.createDirectory(dir.resolve("sub"));
        int deleted = DiskSweep.sweep(dir, Duration.ofHours(24), now, Set.of(busy.toAbsolutePath().normalize())::contains);
        assertEquals(1, deleted);
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(busy));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.isDirectory(dir.resolve("sub")));
        assertEquals(0, DiskSweep.sweep(dir.resolve("missing"), Duration.ZERO, now, p -> false));
    }

    private Path touch(String name, Instant modified) throws IOException {
        Path f = Files.writeString(dir.resolve(name), "x");
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }
}
