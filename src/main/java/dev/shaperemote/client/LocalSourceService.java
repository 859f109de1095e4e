package dev.shaperemote.client;

import dev.shaperemote.bytecode.LinkError;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.wire.Diagnostic;
import dev.shaperemote.wire.MessageCodec;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;

import java.time.Duration;
import java.util.List;

/**
 * Execute and Validate for {@link RequestHandler}: compiles the code on this machine and runs it
 * with {@link LocalRun} on a fresh VM under budgets and a wall-clock limit. A compile error comes
 * back as a diagnostic with its line and column. Never throws.
 */
public final class LocalSourceService implements RequestHandler.SourceService {
    private final Budgets budgets;
    private final Duration wallClock;

    public LocalSourceService() { this(Budgets.defaults(), LocalRun.DEFAULT_WALL_CLOCK); }

    public LocalSourceService(Budgets budgets, Duration wallClock) {
        this.budgets = budgets;
        this.wallClock = wallClock;
    }

    @Override public WireMessage.ExecuteResponse execute(WireMessage.Execute request) {
        Program program;
        try {
            program = ShapeCompiler.compile(request.code());
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
            MessageCodec.encode(ok); // a value the wire cannot carry is the program's error, not the transport's
            return ok;
        } catch (WireException e) {
            String message = "the program's value cannot be sent: " + e.getMessage();
            return failed(request.requestId(), run.stdout(), "ArgumentError", message, new Diagnostic("error", message, null, null));
        }
    }

    @Override public WireMessage.ValidateResponse validate(WireMessage.Validate request) {
        try {
            Linker.link(ShapeCompiler.compile(request.code()));
            return new WireMessage.ValidateResponse(request.requestId(), true, List.of());
        } catch (CompileError e) {
            return new WireMessage.ValidateResponse(request.requestId(), false, List.of(compileDiagnostic(e)));
        } catch (LinkError e) {
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
