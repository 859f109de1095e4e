package dev.shaperemote.client;

import picocli.CommandLine.Option;

import java.net.URI;

/** The {@code --worker URL} and {@code --token} options of the commands that talk to a worker. */
final class WorkerOption {
    @Option(names = "--worker", paramLabel = "URL", defaultValue = "http://localhost:9080",
            description = "the worker (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the bearer token (default: the environment variable SHAPE_REMOTE_TOKEN; a local worker takes those of `token`)")
    String token;
}
