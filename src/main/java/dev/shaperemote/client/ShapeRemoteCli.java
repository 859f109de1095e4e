package dev.shaperemote.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shape-remote} command line: one subcommand per task. */
@Command(name = "shape-remote",
        mixinStandardHelpOptions = true,
        versionProvider = ShapeRemoteCli.Version.class,
        description = "Runs Shape programs locally and calls Shape functions on remote workers.",
        subcommands = {EvalCommand.class, CompileCommand.class, ExecCommand.class, DecodeCommand.class, CallCommand.class, BatchCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class})
public final class ShapeRemoteCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line; {@code @FILE} arguments stay literal (compile reads {@code --args @FILE.json} itself). */
    public static CommandLine commandLine() {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new ShapeRemoteCli())
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    /** Without a subcommand: show the usage and fail, so a script that forgot the subcommand notices. */
    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = ShapeRemoteCli.class.getPackage().getImplementationVersion();
            return new String[] {"shape-remote " + (v == null ? "(development build)" : v)};
        }
    }
}
