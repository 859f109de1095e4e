package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.LinkError;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.CompileLimits;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.ExecutionMetrics;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way Shape code runs: compile or link it, run it on a fresh VM under budgets (stoppable through a
 * {@link RunControl}), hold its result to the memory budget, and classify every way it can end as an
 * {@link Outcome} with its {@link RemoteErrorKind}. A remote call ({@link RemoteExecutor}), source code
 * ({@link LocalSourceService}: Execute, {@code /execute}) and local runs ({@link LocalRun}: {@code eval}) all
 * run here, on the caller's thread. Never throws for anything the code does.
 */
public final class CallRun {
    private static final Logger LOG = Logger.getLogger(CallRun.class.getName());

    private CallRun() {}

    /** What differs between runs: how the program is made, and how the VM is entered. */
    public interface Work {
        /** Compiles or links what will run; may throw CompileError, LinkError, RemoteCallException or ShapeError. */
        BytecodeProgram program(RunControl control);

        /** Runs it on {@code vm} and answers the value. */
        Object run(Interpreter vm);

        /** Whether the value is sent somewhere, so its encoding must fit the memory budget. */
        default boolean sendsResult() { return true; }

        /** Who runs, for the messages of failures that are not the code's own. */
        Subject subject();
    }

    /** The wording of failures of the runtime rather than of the code, which callers already see. */
    public enum Subject {
        CALL("the call nested too deeply for the worker's thread", "the call ran out of memory",
                "the worker failed while running the call"),
        PROGRAM("the program nested too deeply (stack exhausted)", "the program ran out of memory",
                "internal error in the VM while running the program");

        final String stackExhausted;
        final String outOfMemory;
        final String internal;

        Subject(String stackExhausted, String outOfMemory, String internal) {
            this.stackExhausted = stackExhausted;
            this.outOfMemory = outOfMemory;
            this.internal = internal;
        }
    }

    /**
     * How a run ended: its value and printed output, or its error kind and message (value null). {@code line} and
     * {@code column} are 0 when unknown; {@code missing} names the blobs a call lacked; {@code internalError} is set
     * only when the runtime itself failed (for the log; never shown).
     */
    public record Outcome(Object value, String stdout, RemoteErrorKind errorKind, String errorMessage, int line, int column,
                          List<FunctionHash> missing, ExecutionMetrics metrics, Throwable internalError) {
        public Outcome {
            missing = List.copyOf(missing);
        }

        public boolean ok() { return errorKind == null; }

        public static Outcome failure(String stdout, RemoteErrorKind kind, String message, ExecutionMetrics metrics) {
            return new Outcome(null, stdout, kind, message, 0, 0, List.of(), metrics, null);
        }

        /** A run stopped (or never started) because it outlived its wall-clock budget. */
        public static Outcome timedOut(String stdout, String message, long wallMicros) {
            return failure(stdout, RemoteErrorKind.Timeout, message, new ExecutionMetrics(0, wallMicros, 0));
        }
    }

    /**
     * Shape source as work: compiled under {@code limits} (a cancel stops the compile too), then its top level run.
     * {@code sendsResult}: whether the value is sent (an Execute answer) rather than shown where it ran.
     */
    public static Work source(String code, CompileLimits limits, boolean sendsResult) {
        return new Source(code, limits, sendsResult);
    }

    private record Source(String code, CompileLimits limits, boolean sendsResult) implements Work {
        @Override public BytecodeProgram program(RunControl control) {
            return Linker.link(ShapeCompiler.compile(code, limits.withCheckpoint(() -> {
                if (control.cancelled()) {
                    throw new ShapeError(ShapeError.Kind.Timeout, "the call was cancelled while compiling: it ran past its time budget");
                }
            })));
        }

        @Override public Object run(Interpreter vm) { return vm.runMain(); }

        @Override public Subject subject() { return Subject.PROGRAM; }
    }

    /** Runs {@code work}; every ending, the runtime's own failures included, is an outcome. */
    public static Outcome run(Work work, Budgets budgets, RunControl control) {
        long start = System.nanoTime();
        Interpreter vm = null;
        try {
            BytecodeProgram program = work.program(control);
            vm = new Interpreter(program, budgets);
            control.attach(vm);
            Object value = work.run(vm);
            if (work.sendsResult()) ResultLimit.check(value, budgets.maxMemoryBytes(), control::cancelled);
            return new Outcome(value, vm.output(), null, null, 0, 0, List.of(), metrics(vm, start), null);
        } catch (RemoteCallException e) {
            return failed(vm, start, e.kind(), e.getMessage(), 0, 0, e.missing(), null);
        } catch (CompileError e) {
            return failed(vm, start, RemoteErrorKind.CompileError, e.getMessage(), e.line(), e.col(), List.of(), null);
        } catch (ShapeError e) {
            return failed(vm, start, RemoteErrorKind.of(e.kind()), e.getMessage(), e.line(), 0, List.of(), null);
        } catch (LinkError e) {
            if (work.subject() != Subject.CALL) return internal(vm, start, work, e); // what the compiler made must link
            RemoteErrorKind kind = e.missing().isEmpty() ? RemoteErrorKind.ArgumentError : RemoteErrorKind.MissingModuleFunction;
            return failed(vm, start, kind, e.getMessage(), 0, 0, e.missing(), null);
        } catch (IllegalArgumentException e) {
            if (work.subject() != Subject.CALL) return internal(vm, start, work, e);
            // A call's arguments come from its caller: our value classes' messages are for the caller; a library's are not.
            StackTraceElement[] at = e.getStackTrace();
            boolean ours = at.length > 0 && at[0].getClassName().startsWith("dev.shaperemote.");
            return failed(vm, start, RemoteErrorKind.ArgumentError, ours ? e.getMessage() : "an argument is out of range", 0, 0, List.of(), null);
        } catch (StackOverflowError e) {
            return failed(vm, start, RemoteErrorKind.ResourceLimit, work.subject().stackExhausted, 0, 0, List.of(), null);
        } catch (OutOfMemoryError e) {
            return failed(vm, start, RemoteErrorKind.ResourceLimit, work.subject().outOfMemory, 0, 0, List.of(), null);
        } catch (RuntimeException e) {
            return internal(vm, start, work, e);
        }
    }

    /** A bug of ours, not the caller's: said so without leaking internals; logged here, once for every path. */
    private static Outcome internal(Interpreter vm, long start, Work work, RuntimeException e) {
        LOG.log(Level.WARNING, "the VM failed unexpectedly", e);
        return failed(vm, start, RemoteErrorKind.RuntimeError, work.subject().internal, 0, 0, List.of(), e);
    }

    private static Outcome failed(Interpreter vm, long start, RemoteErrorKind kind, String message, int line, int column,
                                  List<FunctionHash> missing, Throwable internal) {
        String stdout = "";
        long instructions = 0, memory = 0;
        if (vm != null) {
            try {
                stdout = vm.output();
                instructions = vm.instructionsExecuted();
                memory = vm.memoryPeak();
            } catch (RuntimeException | Error ignored) {
                // after an out-of-memory even reading the output may fail; the error is what matters
            }
        }
        return new Outcome(null, stdout, kind, message, line, column, missing,
                new ExecutionMetrics(instructions, micros(start), memory), internal);
    }

    private static ExecutionMetrics metrics(Interpreter vm, long start) {
        return new ExecutionMetrics(vm.instructionsExecuted(), micros(start), vm.memoryPeak());
    }

    static long micros(long startNanos) { return (System.nanoTime() - startNanos) / 1_000; }
}
