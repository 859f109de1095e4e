package dev.shaperemote.client;

import dev.shaperemote.lang.CompileError;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.WireException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Picocli's handlers for failures: whatever a subcommand throws becomes one line
 * {@code error[Kind]: message} on stderr and exit code 1; a command line that does not parse becomes
 * {@code error[UsageError]: message} and a pointer to the help, exit code 2. Never a stack trace
 * or a Java class name.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error[UsageError]: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (cmd.getSubcommands().isEmpty()) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        } else {
            cmd.usage(err); // no or an unknown subcommand: list them
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("error[" + kind(e) + "]: " + message(e));
        cmd.getErr().flush();
        return 1;
    }

    static String kind(Throwable e) {
        if (e instanceof CliError c) return c.kind();
        if (e instanceof CompileError) return "CompileError";
        if (e instanceof ShapeError s) return s.kind().name();
        if (e instanceof RemoteCallException r) return r.kind().name();
        if (e instanceof WireException w) return w.kind();
        if (e instanceof IOException || e instanceof UncheckedIOException) return "IOError";
        return "InternalError";
    }

    static String message(Throwable e) {
        if (kind(e).equals("InternalError")) return "shape-remote failed unexpectedly; please report this with the command you ran";
        if (e instanceof UncheckedIOException u) e = u.getCause();
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
