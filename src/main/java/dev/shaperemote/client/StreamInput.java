package dev.shaperemote.client;

import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Mixin: the wire stream a subcommand reads, a file or {@code -} for standard input. */
final class StreamInput {
    @Parameters(index = "0", paramLabel = "FILE", description = "a wire stream file, or - for standard input")
    String file;

    boolean isStdin() { return file.equals("-"); }

    /** The stream, opened; a file that cannot be opened is a {@link CliError}. */
    InputStream open() {
        if (isStdin()) return System.in;
        try {
            return Files.newInputStream(Path.of(file));
        } catch (IOException e) {
            throw CliError.cannotRead(this, e);
        }
    }

    byte[] readAll() {
        if (isStdin()) {
            try {
                return System.in.readAllBytes(); // standard input stays open
            } catch (IOException e) {
                throw CliError.cannotRead(this, e);
            }
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw CliError.cannotRead(this, e);
        }
    }

    @Override public String toString() { return isStdin() ? "standard input" : file; }
}
