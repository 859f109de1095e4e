package dev.shaperemote.worker.batch;

import java.nio.file.Path;

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
}
