package dev.shaperemote.remote;

import dev.shaperemote.lang.CompileLimits;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.wire.ExecutionMetrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CallRun} on a thread of its own, under a wall-clock limit, for runs that have no call pool to time
 * them ({@code eval}, the command line's Execute). Never throws: every ending is an {@link CallRun.Outcome}.
 */
public final class LocalRun {
    public static final Duration DEFAULT_WALL_CLOCK = Duration.ofSeconds(30);
    /** How long a cancelled run gets to notice the cancel before it is abandoned. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

    private LocalRun() {}

    public static CallRun.Outcome run(String source) { return run(source, Budgets.defaults(), DEFAULT_WALL_CLOCK); }

    /** Runs {@code source}, its value shown here (not sent); past {@code wallClock} the VM is cancelled: a Timeout. */
    public static CallRun.Outcome run(String source, Budgets budgets, Duration wallClock) {
        return run(CallRun.source(source, CompileLimits.DEFAULT, false), budgets, wallClock);
    }

    /** Runs {@code work} on its own thread; past {@code wallClock} the VM is cancelled and the outcome is a Timeout. */
    public static CallRun.Outcome run(CallRun.Work work, Budgets budgets, Duration wallClock) {
        RunControl control = new RunControl();
        FutureTask<CallRun.Outcome> task = new FutureTask<>(() -> CallRun.run(work, budgets, control));
        Thread thread = new Thread(task, "shape-local-run");
        thread.setDaemon(true); // a run that ignores cancellation must not keep the JVM alive
        long start = System.nanoTime();
        thread.start();
        try {
            return task.get(wallClock.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            control.cancel();
            String stdout = "";
            try {
                stdout = task.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS).stdout();
            } catch (TimeoutException | ExecutionException stuck) {
                // abandoned: what it printed is lost with it
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return CallRun.Outcome.timedOut(stdout, "the program ran longer than the wall-clock limit of " + describe(wallClock), CallRun.micros(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.cancel();
            return CallRun.Outcome.timedOut("", "the run was interrupted", CallRun.micros(start));
        } catch (ExecutionException e) { // an Error the run does not classify
            return new CallRun.Outcome(null, "", RemoteErrorKind.RuntimeError, work.subject().internal, 0, 0, List.of(),
                    new ExecutionMetrics(0, CallRun.micros(start), 0), e.getCause());
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
