package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Compiles and runs one Shape program on a fresh VM on this machine, under budgets and a
 * wall-clock limit, and turns every way it can end into a {@link Result}: never an exception.
 */
public final class LocalRun {
    public static final Duration DEFAULT_WALL_CLOCK = Duration.ofSeconds(30);
    /** How long a cancelled run gets to notice the cancel flag before it is abandoned. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

    /**
     * How a run ended: its value and printed output, or an error kind and message (value null).
     * {@code internalError} is set only when the VM itself failed with an unexpected Java exception;
     * it is for diagnostics and never shown as the message.
     */
    public record Result(Object value, String stdout, ShapeError.Kind errorKind, String errorMessage,
                         Throwable internalError) {
        public boolean ok() { return errorKind == null; }

        static Result success(Object value, String stdout) { return new Result(value, stdout, null, null, null); }

        public static Result failure(String stdout, ShapeError.Kind kind, String message) {
            return new Result(null, stdout, kind, message, null);
        }
    }

    private LocalRun() {}

    public static Result run(String source) { return run(source, Budgets.defaults(), DEFAULT_WALL_CLOCK); }

    /**
     * Runs {@code source} on its own thread; past {@code wallClock} the interpreter is cancelled and
     * the result is a Timeout error.
     */
    public static Result run(String source, Budgets budgets, Duration wallClock) {
        return run(() -> ShapeCompiler.compile(source), budgets, wallClock);
    }

    /** Runs an already compiled program, as {@link #run(String, Budgets, Duration)} does. */
    public static Result run(Program program, Budgets budgets, Duration wallClock) {
        return run(() -> program, budgets, wallClock);
    }

    private static Result run(Supplier<Program> compile, Budgets budgets, Duration wallClock) {
        AtomicReference<Interpreter> vm = new AtomicReference<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        FutureTask<Result> task = new FutureTask<>(() -> execute(compile, budgets, vm, timedOut));
        Thread thread = new Thread(task, "shape-local-run");
        thread.setDaemon(true); // a run that ignores cancellation must not keep the JVM alive
        thread.start();
        String timeoutMessage = "the program ran longer than the wall-clock limit of " + describe(wallClock);
        try {
            return task.get(wallClock.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            timedOut.set(true);
            Interpreter running = vm.get();
            if (running != null) running.cancel();
            try {
                Result r = task.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                return Result.failure(r.stdout(), ShapeError.Kind.Timeout, timeoutMessage);
            } catch (TimeoutException | ExecutionException stuck) {
                return Result.failure("", ShapeError.Kind.Timeout, timeoutMessage);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return Result.failure("", ShapeError.Kind.Timeout, timeoutMessage);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Interpreter running = vm.get();
            if (running != null) running.cancel();
            return Result.failure("", ShapeError.Kind.Timeout, "the run was interrupted");
        } catch (ExecutionException e) {
            return classify(e.getCause(), "");
        }
    }

    private static Result execute(Supplier<Program> compile, Budgets budgets, AtomicReference<Interpreter> vm,
                                  AtomicBoolean timedOut) {
        Interpreter interpreter = null;
        try {
            BytecodeProgram program = Linker.link(compile.get());
            interpreter = new Interpreter(program, budgets);
            vm.set(interpreter);
            if (timedOut.get()) interpreter.cancel();
            Object value = interpreter.runMain();
            return Result.success(value, interpreter.output());
        } catch (Throwable t) {
            return classify(t, outputOf(interpreter));
        }
    }

    /** Maps anything a run can throw to a result whose message names no Java class. */
    static Result classify(Throwable t, String stdout) {
        if (t instanceof CompileError e) return Result.failure(stdout, ShapeError.Kind.CompileError, e.getMessage());
        if (t instanceof ShapeError e) return Result.failure(stdout, e.kind(), e.getMessage());
        if (t instanceof StackOverflowError) {
            return Result.failure(stdout, ShapeError.Kind.ResourceLimit, "the program nested too deeply (stack exhausted)");
        }
        if (t instanceof OutOfMemoryError) {
            return Result.failure(stdout, ShapeError.Kind.ResourceLimit, "the program ran out of memory");
        }
        return new Result(null, stdout, ShapeError.Kind.RuntimeError,
                "internal error in the VM while running the program", t);
    }

    private static String outputOf(Interpreter interpreter) {
        if (interpreter == null) return "";
        try {
            return interpreter.output();
        } catch (RuntimeException | Error e) {
            return ""; // after an out-of-memory even reading the output may fail
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
