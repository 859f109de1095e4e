package dev.shaperemote.client;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.Values;
import dev.shaperemote.wire.JsonValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code shape-remote call}: one function of a Shape file run on a worker, its value printed. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Compiles a Shape file on this machine and calls one of its functions on a worker over HTTP",
                "(the wire protocol, with a connection so repeated calls go by hash). Prints the value as print shows it,",
                "or with --json its tagged JSON form. A failed call prints error[Kind]: message and exits with 1."})
public final class CallCommand extends PrintingCommand {
    @Mixin CallTarget target;

    @Mixin WorkerOption worker;

    @Option(names = "--json", description = "print the value in the tagged JSON form of WIRE.md section 7")
    boolean json;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "call N times on one connection (the first call carries the blobs, the rest only the hash); prints the last value")
    int repeat;

    @Override void print(PrintWriter out) {
        Program program = target.program();
        List<Object> arguments = target.arguments();
        Object value = null;
        try (ShapeRemoteClient client = new ShapeRemoteClient(worker.urls, worker.token)) {
            for (int i = 0; i < Math.max(1, repeat); i++) value = client.call(program, target.function, arguments);
        }
        out.println(json ? JsonValues.toJson(value) : Values.display(value));
    }
}
