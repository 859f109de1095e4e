package dev.shaperemote.remote;

import dev.shaperemote.bytecode.LinkError;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.CompileLimits;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.Diagnostic;
import dev.shaperemote.wire.WireMessage;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Execute and Validate for {@link RequestHandler}: compiles the code on this machine and runs it as a
 * {@link CallRun} on a fresh VM under budgets, on a thread of its own under a wall-clock limit ({@link LocalRun}).
 * {@link #answer} is the one form of an Execute's answer (the worker's pool runs the same work under its own
 * clock). A compile error comes back as a diagnostic with its line and column. Never throws.
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

    /** Runs the code on a thread of its own; past the wall-clock limit it is stopped and answered Timeout. */
    @Override public Answer execute(WireMessage.Execute request) {
        return answer(request.requestId(), LocalRun.run(CallRun.source(request.code(), compileLimits, true), budgets, wallClock));
    }

    /** The {@code ExecuteResponse} of an outcome, with its kind; {@code error} reads "Kind: message". */
    public static Answer answer(long requestId, CallRun.Outcome o) {
        if (o.ok()) {
            return Answer.of(new WireMessage.ExecuteResponse(requestId, true, o.value() == null ? Nil.NONE : o.value(), o.stdout(),
                    null, List.of(), o.metrics()));
        }
        return new Answer(new WireMessage.ExecuteResponse(requestId, false, Nil.NONE, o.stdout(), o.errorKind() + ": " + o.errorMessage(),
                List.of(diagnostic(o)), o.metrics()), o.errorKind());
    }

    @Override public Answer validate(WireMessage.Validate request) { return validate(request, () -> false); }

    /** As {@link #validate(WireMessage.Validate)}; once {@code cancelled} says so, the compile stops with a Timeout diagnostic. */
    public Answer validate(WireMessage.Validate request, BooleanSupplier cancelled) {
        CompileLimits limits = compileLimits.withCheckpoint(() -> {
            if (cancelled.getAsBoolean()) throw new ShapeError(ShapeError.Kind.Timeout, "the validation was cancelled: it ran past its time budget");
        });
        try {
            Linker.link(ShapeCompiler.compile(request.code(), limits));
            return Answer.of(new WireMessage.ValidateResponse(request.requestId(), true, List.of()));
        } catch (CompileError e) {
            return invalid(request, RemoteErrorKind.CompileError, diagnostic(e.getMessage(), e.line(), e.col()));
        } catch (LinkError e) {
            return invalid(request, RemoteErrorKind.CompileError, new Diagnostic("error", e.getMessage(), null, null));
        } catch (ShapeError e) {
            return invalid(request, RemoteErrorKind.of(e.kind()), new Diagnostic("error", e.getMessage(), null, null));
        }
    }

    private static Answer invalid(WireMessage.Validate request, RemoteErrorKind kind, Diagnostic d) {
        return new Answer(new WireMessage.ValidateResponse(request.requestId(), false, List.of(d)), kind);
    }

    private static Diagnostic diagnostic(CallRun.Outcome o) { return diagnostic(o.errorMessage(), o.line(), o.column()); }

    /** The message without a compiler's "line L, column C: " prefix, which the diagnostic carries as fields. */
    static Diagnostic diagnostic(String message, int line, int column) {
        String prefix = "line " + line + ", column " + column + ": ";
        String text = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return new Diagnostic("error", text, line > 0 ? line : null, column > 0 ? column : null);
    }
}
