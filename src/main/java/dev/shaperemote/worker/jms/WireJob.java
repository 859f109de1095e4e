package dev.shaperemote.worker.jms;

import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.remote.RunControl;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.wire.RemoteCallError;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.worker.CancellableCall;

import java.util.List;

/**
 * One decoded request stream answered by {@link RequestHandler} on the call pool; a timeout cancels its
 * VM through {@link RunControl}. The answer is a message, never an exception: a program's failure is an
 * {@code Err} like any other result.
 */
final class WireJob implements CancellableCall<WireMessage> {
    private final List<WireMessage> request;
    private final RequestHandler handler;
    private final RemoteExecutor.CallOptions options;

    WireJob(List<WireMessage> request, RemoteBlobCache cache, Budgets budgets) {
        this.request = request;
        this.handler = new RequestHandler(cache, null); // Execute and Validate are answered by /api/v1/execute, not here
        this.options = new RemoteExecutor.CallOptions(budgets, new RunControl());
    }

    @Override
    public WireMessage call() { return handler.handle(request, options); }

    @Override
    public void cancel() { options.control().cancel(); }

    /** The answer when the call ran out of time: a Call gets its own CallResponse, anything else an Error. */
    WireMessage timedOut(String message) {
        WireMessage last = request.isEmpty() ? null : request.get(request.size() - 1);
        if (last instanceof WireMessage.Call c) {
            return WireMessage.RemoteCallResponse.err(new RemoteCallError(message, RemoteErrorKind.Timeout.name(), null),
                    c.request().requestId(), null);
        }
        return new WireMessage.Error(RemoteErrorKind.Timeout.name(), message, null);
    }

    /** The error kind an answer carries, for the metrics; null when it is a success. */
    static String errorKind(WireMessage answer) {
        if (answer instanceof WireMessage.RemoteCallResponse r) return r.isOk() ? null : r.error().kind();
        if (answer instanceof WireMessage.Error e) return e.kind();
        return null;
    }
}
