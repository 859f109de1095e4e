package dev.shaperemote.worker;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.CompileLimits;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.ResultLimit;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Compiles and runs one Shape program on a fresh VM under budgets. {@link #cancel} stops the VM at its
 * next check, which is what frees a pool thread after a timeout. Never throws: every ending is a
 * {@link RunOutcome} whose message names no Java class.
 */
final class ShapeRun implements CancellableCall<RunOutcome> {
    private static final Logger LOG = Logger.getLogger(ShapeRun.class.getName());

    private final String source;
    private final Budgets budgets;
    private final CompileLimits compileLimits;
    private volatile Interpreter vm;
    private volatile boolean cancelled;

    ShapeRun(String source, Budgets budgets) { this(source, budgets, CompileLimits.DEFAULT); }

    ShapeRun(String source, Budgets budgets, CompileLimits compileLimits) {
        this.source = source;
        this.budgets = budgets;
        // A cancel stops the compile too, not only the VM.
        this.compileLimits = compileLimits.withCheckpoint(() -> {
            if (cancelled) throw new ShapeError(ShapeError.Kind.Timeout, "the call was cancelled while compiling: it ran past its time budget");
        });
    }

    @Override
    public void cancel() {
        cancelled = true;
        Interpreter running = vm;
        if (running != null) running.cancel();
    }

    @Override
    public RunOutcome call() {
        long start = System.nanoTime();
        Interpreter interpreter = null;
        try {
            var program = Linker.link(ShapeCompiler.compile(source, compileLimits));
            interpreter = new Interpreter(program, budgets);
            vm = interpreter;
            if (cancelled) interpreter.cancel(); // a cancel that came before the VM existed
            Object value = interpreter.runMain();
            ResultLimit.check(value, budgets.maxMemoryBytes(), () -> cancelled);
            return new RunOutcome(value, interpreter.output(), null, null, 0, 0,
                    interpreter.instructionsExecuted(), micros(start), interpreter.memoryPeak());
        } catch (CompileError e) {
            return failure("CompileError", e.getMessage(), e.line(), e.col(), interpreter, start);
        } catch (ShapeError e) {
            return failure(e.kind().name(), e.getMessage(), e.line(), 0, interpreter, start);
        } catch (StackOverflowError e) {
            return failure("ResourceLimit", "the program nested too deeply (stack exhausted)", 0, 0, interpreter, start);
        } catch (OutOfMemoryError e) {
            return failure("ResourceLimit", "the program ran out of memory", 0, 0, interpreter, start);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the VM failed unexpectedly", e);
            return failure("RuntimeError", "internal error in the VM while running the program", 0, 0, interpreter, start);
        }
    }

    private static RunOutcome failure(String kind, String message, int line, int column, Interpreter vm, long start) {
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
        return new RunOutcome(null, stdout, kind, message, line, column, instructions, micros(start), memory);
    }

    private static long micros(long startNanos) { return (System.nanoTime() - startNanos) / 1_000; }
}
