package dev.shaperemote.remote;

import dev.shaperemote.bytecode.LinkError;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.CompileLimits;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.remote.ResultLimit;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.Diagnostic;
import dev.shaperemote.wire.WireMessage;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Execute and Validate for {@link RequestHandler}: compiles the code on this machine and runs it
 * with {@link LocalRun} on a fresh VM under budgets and a wall-clock limit. A compile error comes
 * back as a diagnostic with its line and column. Never throws.
 */
public final class LocalSourceService implements RequestHandler.SourceService {
    private final Budgets budgets;
    private final Duration wallClock;
    private final CompileLimits compileLimits;

    public LocalSourceService() { this(Budgets.defaults(), LocalRun.DEFAULT_WALL_CLOCK); }

    public LocalSourceService(Budgets budgets, Duration wallClock) { this(budgets, wallClock, CompileLimits.DEFAULT); }

    public LocalSourceService(Budgets budgets, Duration wallClock, CompileLimits compileLimits) {
        this.budgets = budgets;
        this.wallClock = wallClock;
        this.compileLimits = compileLimits;
    }

    @Override public WireMessage.ExecuteResponse execute(WireMessage.Execute request) {
        Program program;
        try {
            program = ShapeCompiler.compile(request.code(), compileLimits);
        } catch (CompileError e) {
            return failed(request.requestId(), null, "CompileError", e.getMessage(), compileDiagnostic(e));
        }
        LocalRun.Result run = LocalRun.run(program, budgets, wallClock);
        if (!run.ok()) {
            return failed(request.requestId(), run.stdout(), run.errorKind().name(), run.errorMessage(),
                    new Diagnostic("error", run.errorMessage(), null, null));
        }
        Object value = run.value() == null ? Nil.NONE : run.value();
        var ok = new WireMessage.ExecuteResponse(request.requestId(), true, value, run.stdout(), null, List.of(), null);
        try {
            // A value the wire cannot carry, or whose encoding is past the memory budget, is the program's error.
            ResultLimit.check(value, budgets.maxMemoryBytes(), () -> false);
            return ok;
        } catch (ShapeError e) {
            return failed(request.requestId(), run.stdout(), e.kind().name(), e.getMessage(), new Diagnostic("error", e.getMessage(), null, null));
        }
    }

    @Override public WireMessage.ValidateResponse validate(WireMessage.Validate request) { return validate(request, () -> false); }

    /** As {@link #validate(WireMessage.Validate)}; once {@code cancelled} says so, the compile stops with a Timeout diagnostic. */
    public WireMessage.ValidateResponse validate(WireMessage.Validate request, BooleanSupplier cancelled) {
        CompileLimits limits = compileLimits.withCheckpoint(() -> {
            if (cancelled.getAsBoolean()) throw new ShapeError(ShapeError.Kind.Timeout, "the validation was cancelled: it ran past its time budget");
        });
        try {
            Linker.link(ShapeCompiler.compile(request.code(), limits));
            return new WireMessage.ValidateResponse(request.requestId(), true, List.of());
        } catch (CompileError e) {
            return new WireMessage.ValidateResponse(request.requestId(), false, List.of(compileDiagnostic(e)));
        } catch (LinkError e) {
            return new WireMessage.ValidateResponse(request.requestId(), false, List.of(new Diagnostic("error", e.getMessage(), null, null)));
        } catch (ShapeError e) {
            return new WireMessage.ValidateResponse(request.requestId(), false, List.of(new Diagnostic("error", e.getMessage(), null, null)));
        }
    }

    /** The compiler's message without the "line L, column C: " prefix, which the diagnostic carries as fields. */
    static Diagnostic compileDiagnostic(CompileError e) {
        String prefix = "line " + e.line() + ", column " + e.col() + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new Diagnostic("error", message, e.line(), e.col());
    }

    private static WireMessage.ExecuteResponse failed(long requestId, String stdout, String kind, String message, Diagnostic d) {
        return new WireMessage.ExecuteResponse(requestId, false, Nil.NONE, stdout, kind + ": " + message, List.of(d), null);
    }
}
