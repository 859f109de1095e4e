package dev.shaperemote.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code shape-remote batch}: maps one function over a file of argument lists as a batch job on a worker,
 * shows its progress, and writes its results, one JSON line per record in input order.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Uploads INPUT (JSONL: one JSON array of arguments per line; or a request stream, one Call per",
                "record, when it ends in .wire) to a worker, maps FUNCTION of SOURCE over it as a checkpointed batch",
                "job, shows its progress on stderr and writes the results (one line per record, in input order:",
                "{\"index\": n, \"ok\": value} or {\"index\": n, \"err\": {\"kind\", \"message\"}}) to --out or stdout.",
                "Exit code 0 when the job completed (whatever its records answered), 1 when it failed or was stopped.",
                "Interrupting this command leaves the job running; --attach ID follows it again."})
public final class BatchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE", description = "the Shape file that defines the function")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "INPUT", description = "the records: .jsonl, or .wire for a request stream")
    Path input;

    @Option(names = "--function", paramLabel = "NAME", description = "the function to call on each record")
    String function;

    @Mixin WorkerOption worker;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the results (default: standard output)")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "N", description = "records per checkpoint (default: the worker's)")
    Integer checkpoint;

    @Option(names = "--partitions", paramLabel = "N", description = "split the records into N ranges that run at once, "
            + "on several workers of a fleet (default: the worker's, usually 1)")
    Integer partitions;

    @Option(names = "--attach", paramLabel = "ID", description = "follow the batch ID already on the worker instead of starting one")
    String attach;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "bar (redrawn in place), lines (one line per tenth), none; auto: bar on a terminal, else lines")
    Progress.Mode progressMode;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "500", description = "how often to ask for progress (default: ${DEFAULT-VALUE})")
    long pollMillis;

    @Override public Integer call() throws IOException, InterruptedException {
        WorkerBatches batches = new WorkerBatches(worker.urls, worker.token);
        PrintWriter err = spec.commandLine().getErr();
        WorkerBatches.Status started;
        if (attach != null) {
            started = batches.status(attach);
        } else {
            if (source == null || input == null || function == null) {
                throw new CliError("UsageError", "give SOURCE, INPUT and --function (or --attach ID to follow a running batch)");
            }
            String text;
            try {
                text = Files.readString(source, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliError.cannotRead(source, e);
            }
            started = batches.start(text, function, input, input.getFileName().toString().endsWith(".wire"), checkpoint, partitions);
            String worker = batches.workerOf(started.id()).toString(); // as the user wrote it: without the pool's trailing '/'
            err.println("batch " + started.id() + " started on " + worker.replaceFirst("/$", "") + ": " + started.total() + " record(s)");
            err.flush();
        }
        Progress progress = new Progress(err, progressMode.resolve(System.console() != null));
        WorkerBatches.Status end = batches.await(started.id(), Duration.ofMillis(Math.max(50, pollMillis)), progress::show);
        progress.finish();
        if (!end.status().equals("completed")) {
            throw new CliError("BatchFailed", "batch " + end.id() + " ended " + end.status() + " after " + end.done() + " of "
                    + end.total() + " record(s)" + (end.exitStatus() == null ? "" : " (" + end.exitStatus() + ")")
                    + "; restart it from its last checkpoint with POST /api/v1/batches/" + end.id() + "/restart");
        }
        if (out == null) {
            OutputStream stdout = System.out;
            batches.output(end.id(), stdout);
        } else {
            try (OutputStream file = Files.newOutputStream(out)) {
                batches.output(end.id(), file);
            } catch (IOException e) {
                throw CliError.cannotWrite(out, e);
            }
        }
        err.println("batch " + end.id() + " completed: " + end.done() + " result(s)" + (out == null ? "" : " in " + out));
        err.flush();
        return 0;
    }
}
