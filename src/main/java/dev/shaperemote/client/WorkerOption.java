package dev.shaperemote.client;

import picocli.CommandLine.Option;

import java.net.URI;

/** The {@code --worker URL} option of the commands that talk to a worker. */
final class WorkerOption {
    @Option(names = "--worker", paramLabel = "URL", defaultValue = "http://localhost:9080",
            description = "the worker (default: ${DEFAULT-VALUE})")
    URI url;
}
