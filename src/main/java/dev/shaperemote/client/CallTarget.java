package dev.shaperemote.client;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.JsonValues;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The options that name a call, shared by {@code compile} and {@code call}: a Shape file, one of its functions, the arguments. */
final class CallTarget {
    @Parameters(index = "0", paramLabel = "FILE.shape", description = "the program that defines the function")
    Path source;

    @Option(names = "--function", required = true, paramLabel = "NAME", description = "the function to call")
    String function;

    @Option(names = "--args", paramLabel = "JSON|@FILE.json", defaultValue = "[]",
            description = {"the arguments as a JSON array, or @ and a file holding it (default: ${DEFAULT-VALUE});",
                    "plain JSON or the tagged form of WIRE.md section 7 (binary data as base64)"})
    String args;

    /** The compiled file; a FunctionNotFound RemoteCallException unless exactly one of its functions has the name. */
    Program program() {
        Program program = ShapeCompiler.compile(read(source, "the program"));
        checkFunction(program);
        return program;
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
    List<Object> arguments() {
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
