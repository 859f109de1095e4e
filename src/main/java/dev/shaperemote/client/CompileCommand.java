package dev.shaperemote.client;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.Sidecars;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code shape-remote compile}: a Shape file and a function name in, a request stream {@code Sidecar* Call} out. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles a Shape file and writes a request stream (Sidecar* then Call) that calls one of its functions.",
                "The Call carries the function's minimal blobs minus the --known ones, its function_hash and the program_hash."})
public final class CompileCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.shape", description = "the program that defines the function")
    Path source;

    @Option(names = "--function", required = true, paramLabel = "NAME", description = "the function to call")
    String function;

    @Option(names = "--args", paramLabel = "JSON|@FILE.json", defaultValue = "[]",
            description = {"the arguments as a JSON array, or @ and a file holding it (default: ${DEFAULT-VALUE});",
                    "plain JSON or the tagged form of WIRE.md section 7 (binary data as base64)"})
    String args;

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
        Program program = ShapeCompiler.compile(read(source, "the program"));
        checkFunction(program);
        RemoteCallRequest call = RemoteCalls.buildCallRequestNegotiated(program, function, arguments(), known);
        Sidecars.Extracted x = Sidecars.extractSidecars(call.arguments(), call.upvalues(), threshold);
        call = new RemoteCallRequest(call.program(), call.functionName(), call.functionId(), call.functionHash(),
                x.arguments(), x.upvalues(), call.typeSchemas(), call.programHash(), call.functionBlobs(), call.requestId());
        List<WireMessage> stream = new ArrayList<>(x.sidecars());
        stream.add(new WireMessage.Call(call));
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
                out, function, call.functionHash().hex(), call.functionBlobs() == null ? 0 : call.functionBlobs().size(), x.sidecars().size(), bytes.length);
        return 0;
    }

    /** Exactly one named function (not the top-level code, not a lambda) must be called {@code function}. */
    private void checkFunction(Program program) {
        TreeSet<String> names = new TreeSet<>();
        int matches = 0;
        for (FunctionBlob b : program.blobs().values()) {
            if (b.contentHash().equals(program.entry()) || b.name().contains("#")) continue;
            names.add(b.name());
            if (b.name().equals(function)) matches++;
        }
        if (matches == 1) return;
        String defined = names.isEmpty() ? "it defines no functions" : "it defines " + String.join(", ", names);
        throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, matches == 0
                ? "no function is named '" + function + "' in " + source + "; " + defined
                : "the name '" + function + "' is ambiguous: " + matches + " functions in " + source + " have it");
    }

    /** The arguments: a JSON array, plain or tagged, given inline or as {@code @FILE}. */
    private List<Object> arguments() {
        String json = args.startsWith("@") ? read(Path.of(args.substring(1)), "--args") : args;
        Object parsed;
        try {
            parsed = JsonValues.parse(json);
        } catch (ShapeError e) {
            throw new CliError("ArgumentError", "--args: " + e.getMessage());
        }
        if (!(parsed instanceof ArrayValue a)) throw new CliError("ArgumentError", "--args must be a JSON array of the arguments, like [1, 2]");
        return new ArrayList<>(a.items);
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliError.cannotRead(file + " (" + what + ")", e);
        }
    }
}
