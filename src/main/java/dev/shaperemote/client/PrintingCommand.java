package dev.shaperemote.client;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A subcommand whose whole result is what it prints on standard output, exiting with 0; a failure is thrown
 * ({@link CliError} and the like) for {@link ErrorReporter} to print and turn into the exit code. What was printed
 * is flushed either way, so lines written before a failure are not lost.
 */
abstract class PrintingCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** Prints the command's result on {@code out}. */
    abstract void print(PrintWriter out);

    @Override public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            print(out);
        } finally {
            out.flush();
        }
        return 0;
    }
}
