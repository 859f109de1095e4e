package dev.shaperemote.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Deletes the files of a directory that nobody touched for a retention time: what a periodic sweep runs over
 * batch uploads, sources and results. A file still in use (read or written by a running batch) is kept
 * whatever its age; so is anything that is not a regular file directly in the directory.
 */
public final class DiskSweep {
    private static final Logger LOG = Logger.getLogger(DiskSweep.class.getName());

    private DiskSweep() {}

    /**
     * @param inUse files that must stay (their absolute, normalised paths)
     * @return the number of files deleted
     */
    public static int sweep(Path dir, Duration retention, Instant now, Predicate<Path> inUse) {
        if (!Files.isDirectory(dir)) return 0;
        Instant cutoff = now.minus(retention);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Path file = f.toAbsolutePath().normalize();
                try {
                    if (!Files.isRegularFile(file) || inUse.test(file)) continue;
                    if (Files.getLastModifiedTime(file).toInstant().isAfter(cutoff)) continue;
                    if (Files.deleteIfExists(file)) deleted++;
                } catch (NoSuchFileException gone) {
                    // deleted by someone else meanwhile
                } catch (IOException e) {
                    LOG.warning("expired file " + file + " could not be deleted: " + e);
                }
            }
        } catch (IOException e) {
            LOG.warning("the directory " + dir + " could not be swept: " + e);
        }
        return deleted;
    }
}
