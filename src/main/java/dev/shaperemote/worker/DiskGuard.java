package dev.shaperemote.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The free-space floor of the worker's disk ({@code shape.worker.disk.min-free-bytes}): below it, new jobs and
 * batch uploads are refused with {@code 503 Overloaded} (the worker keeps answering calls, which need no disk),
 * so a flood of uploads fills the disk only down to the floor, never to the last byte the server's logs, batch
 * database and messaging store need.
 */
@ApplicationScoped
public class DiskGuard {
    public static final String MIN_FREE_KEY = "shape.worker.disk.min-free-bytes";
    private static final Logger LOG = Logger.getLogger(DiskGuard.class.getName());

    /** Usable bytes on the file system that holds a directory. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path dir) throws IOException;
    }

    @Inject @ConfigProperty(name = MIN_FREE_KEY) long minFreeBytes;
    @Inject
    WorkerConfig config;

    private FreeSpace probe;
    private int retryAfterSeconds;

    public DiskGuard() {} // for CDI

    /** A guard outside the container (tests): {@code probe} stands in for the file system. */
    public DiskGuard(long minFreeBytes, FreeSpace probe, int retryAfterSeconds) {
        this.minFreeBytes = minFreeBytes;
        this.probe = probe;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @PostConstruct
    void init() {
        probe = DiskGuard::usableSpace;
        retryAfterSeconds = config.retryAfterSeconds();
    }

    /** The floor; 0 or less turns the check off. */
    public long minFreeBytes() { return minFreeBytes; }

    /**
     * Refuses new work that would write under {@code dir} while its disk has less than the floor free.
     *
     * @param what what is refused, for the message ("jobs", "batch uploads")
     * @throws WorkerFailure 503 Overloaded, with a message that says why and what frees it
     */
    public void require(Path dir, String what) {
        if (minFreeBytes <= 0) return;
        long free;
        try {
            free = probe.usableBytes(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warning("the free space under " + dir + " cannot be read (" + e + "); new " + what + " are accepted");
            return;
        }
        if (free < minFreeBytes) {
            LOG.warning("the disk holding " + dir + " has " + free + " bytes free, under the floor of " + minFreeBytes
                    + " bytes (" + MIN_FREE_KEY + "): new " + what + " are refused");
            throw WorkerFailure.overloaded("the worker's disk is almost full (less than " + minFreeBytes + " bytes free, the floor set by "
                    + MIN_FREE_KEY + "): new " + what + " are refused until finished ones expire or space is freed; retry later",
                    retryAfterSeconds);
        }
    }

    /** Usable bytes of the file store of {@code dir}, or of its nearest existing parent when it does not exist yet. */
    static long usableSpace(Path dir) throws IOException {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) throw new IOException("no existing parent of " + dir);
        return Files.getFileStore(p).getUsableSpace();
    }
}
