package dev.shaperemote.worker.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Batch files live under one directory, so a job parameter cannot make the worker read or write elsewhere. */
final class BatchPaths {
    private BatchPaths() {}

    /**
     * {@code name} resolved against {@code dir}; a path that leaves it is refused.
     *
     * @throws IllegalArgumentException when the path is empty or outside {@code dir}
     */
    static Path inside(Path dir, String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("no path given");
        Path p = dir.resolve(name).toAbsolutePath().normalize();
        if (!p.startsWith(dir)) throw new IllegalArgumentException("'" + name + "' is outside the batch directory");
        return p;
    }

    /** The bytes of the regular files under {@code dir} (0 when it does not exist). */
    static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException gone) {
                    return 0; // deleted meanwhile
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
