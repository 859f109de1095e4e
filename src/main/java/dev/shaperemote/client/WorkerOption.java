package dev.shaperemote.client;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.List;

/** The {@code --worker URL} and {@code --token} options of the commands that talk to a worker, or to a fleet of them. */
final class WorkerOption {
    @Option(names = "--worker", paramLabel = "URL", split = "\\s*,\\s*", splitSynopsisLabel = ",", defaultValue = "http://localhost:9080",
            description = {"the worker (default: ${DEFAULT-VALUE}); several workers of one fleet: repeat --worker or give a",
                    "comma-separated list, and calls go to them in turn, moving on from one that does not answer"})
    List<URI> urls;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the bearer token (default: the environment variable SHAPE_REMOTE_TOKEN; a local worker takes those of `token`)")
    String token;
}
