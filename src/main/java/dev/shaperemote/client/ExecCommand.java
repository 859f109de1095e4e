package dev.shaperemote.client;

import dev.shaperemote.remote.LocalSourceService;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shape-remote exec}: answers a request stream on this machine, as a worker with a fresh cache would. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Runs a request stream on this machine with a fresh blob cache and the default budgets",
                "and writes the response stream. A stream that is not well formed is answered with an Error",
                "message of kind ProtocolError; the exit code is 0 whenever a response was written."})
public final class ExecCommand implements Callable<Integer> {
    /** Bounds of the one-call cache: far above what one request stream can bring. */
    static final int CACHE_ENTRIES = 100_000;
    static final long CACHE_BYTES = 1L << 30;

    @Spec CommandSpec spec;

    @Mixin StreamInput input;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the response (default: standard output)")
    Path out;

    @Option(names = "--json", description = "write the response as JSON lines instead of a binary stream")
    boolean json;

    @Override public Integer call() {
        byte[] request = input.readAll();
        RequestHandler handler = new RequestHandler(new RemoteBlobCache(CACHE_ENTRIES, CACHE_BYTES), new LocalSourceService());
        byte[] response = handler.handleStream(request, WireLimits.DEFAULT, RemoteExecutor.CallOptions.defaults());
        if (json) {
            StringBuilder text = new StringBuilder();
            for (WireMessage m : WireStreamReader.readAll(response, WireLimits.DEFAULT)) text.append(JsonLines.of(m)).append('\n');
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
        } else {
            write(response);
        }
        return 0;
    }

    /** To --out, or as raw bytes to standard output (picocli's writer is for text). */
    private void write(byte[] bytes) {
        try {
            if (out != null) {
                Files.write(out, bytes);
            } else {
                OutputStream stdout = System.out;
                stdout.write(bytes);
                stdout.flush();
            }
        } catch (IOException e) {
            throw CliError.cannotWrite(out == null ? "standard output" : out, e);
        }
    }
}
