package dev.shaperemote.client;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.remote.Sidecars;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shape-remote compile}: a Shape file and a function name in, a request stream {@code Sidecar* Call} out. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles a Shape file and writes a request stream (Sidecar* then Call) that calls one of its functions.",
                "The Call carries the function's minimal blobs minus the --known ones, its function_hash and the program_hash."})
public final class CompileCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin CallTarget target;

    @Option(names = "--known", split = ",", paramLabel = "HASH", converter = HashConverter.class,
            description = "blob hashes (hex) the worker already holds; their blobs are left out")
    List<FunctionHash> known = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "BYTES",
            description = "typed arrays, matrices and bytes this large travel as sidecars (default: ${DEFAULT-VALUE})")
    long threshold = Sidecars.SIDECAR_THRESHOLD;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the request stream")
    Path out;

    @Override public Integer call() {
        if (threshold < 0) throw new ParameterException(spec.commandLine(), "--threshold must not be negative");
        Program program = target.program();
        RemoteCallRequest call = RemoteCalls.buildCallRequestNegotiated(program, target.function, target.arguments(), known);
        List<WireMessage> stream = Sidecars.requestStream(call, threshold);
        int sidecars = stream.size() - 1;
        byte[] bytes;
        try {
            bytes = WireStreamWriter.toBytes(stream, true);
        } catch (WireException e) {
            throw new CliError("ArgumentError", "the arguments cannot be sent: " + e.getMessage());
        }
        try {
            Files.write(out, bytes);
        } catch (IOException e) {
            throw CliError.cannotWrite(out, e);
        }
        spec.commandLine().getOut().printf("%s: Call %s (function_hash %s) with %d blob(s) and %d sidecar(s), %d bytes%n",
                out, target.function, call.functionHash().hex(), call.functionBlobs() == null ? 0 : call.functionBlobs().size(), sidecars, bytes.length);
        return 0;
    }
}
