package dev.shaperemote.remote;

import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers one request stream ({@code Sidecar* (BlobNegotiationRequest | Call | Ping | Auth | Execute | Validate)},
 * WIRE.md section 2) for one connection: the same code serves HTTP bodies, WebSocket frames, JMS
 * messages and the command line. Anything that is not a well-formed request gets an {@code Error}.
 */
public final class RequestHandler {
    /** Runs source code for Execute and Validate: answers an ExecuteResponse and a ValidateResponse, with their kinds. */
    public interface SourceService {
        Answer execute(WireMessage.Execute request);

        Answer validate(WireMessage.Validate request);
    }

    public static final int WIRE_PROTOCOL = 1;
    public static final String SHAPE_VERSION = "0.1.0";

    private final BlobCache cache;
    private final SourceService source;

    public RequestHandler(BlobCache cache, SourceService source) {
        this.cache = cache;
        this.source = source;
    }

    /** The Pong this worker answers a Ping with. */
    public WireMessage.Pong pong() {
        List<String> caps = new ArrayList<>(List.of("call", "blob-negotiation", "sidecar", "compression-zstd"));
        if (source != null) caps.addAll(List.of("execute", "validate"));
        return new WireMessage.Pong(SHAPE_VERSION, WIRE_PROTOCOL, caps);
    }

    /** Decodes a whole request stream and encodes the answer stream; malformed input gets an Error message. */
    public byte[] handleStream(byte[] stream, WireLimits limits, RemoteExecutor.CallOptions options) {
        List<WireMessage> request;
        try {
            request = WireStreamReader.readAll(stream, limits);
        } catch (WireException e) {
            return WireStreamWriter.toBytes(List.of(protocolError(e.getMessage(), null)), true);
        }
        return WireStreamWriter.toBytes(List.of(handle(request, options)), true);
    }

    /** The answer to one request: its sidecars, then exactly one request message. */
    public WireMessage handle(List<WireMessage> request, RemoteExecutor.CallOptions options) { return answer(request, options).message(); }

    /** As {@link #handle}, with the error kind of the answer (null when it reports no failure). */
    public Answer answer(List<WireMessage> request, RemoteExecutor.CallOptions options) {
        if (request.isEmpty()) return refused("the request stream is empty");
        List<WireMessage.BlobSidecar> sidecars = new ArrayList<>();
        for (int i = 0; i < request.size() - 1; i++) {
            if (!(request.get(i) instanceof WireMessage.BlobSidecar s)) {
                return refused("a request stream holds sidecars and then one request; message " + (i + 1)
                        + " is a " + request.get(i).variant());
            }
            sidecars.add(s);
        }
        WireMessage last = request.get(request.size() - 1);
        if (!sidecars.isEmpty() && !(last instanceof WireMessage.Call)) {
            return refused("sidecars must be followed by a Call, not a " + last.variant());
        }
        if (last instanceof WireMessage.Call c) {
            CallRun.Outcome o = RemoteExecutor.run(c.request(), sidecars, cache, options);
            return new Answer(RemoteExecutor.response(o, c.request().requestId()), o.errorKind());
        }
        if (last instanceof WireMessage.BlobNegotiationRequest n) return Answer.of(RemoteCalls.handleNegotiation(n, cache));
        if (last instanceof WireMessage.Ping) return Answer.of(pong());
        if (last instanceof WireMessage.Execute e && source != null) return source.execute(e);
        if (last instanceof WireMessage.Validate v && source != null) return source.validate(v);
        if (last instanceof WireMessage.Auth) {
            return Answer.of(new WireMessage.AuthResponse(false, "this endpoint takes no credentials; use the connection token of your transport"));
        }
        return refused(last.variant() + " is not a request this worker answers");
    }

    private static Answer refused(String message) { return new Answer(protocolError(message, null), RemoteErrorKind.ProtocolError); }

    public static WireMessage.Error protocolError(String message, Long requestId) {
        return new WireMessage.Error(RemoteErrorKind.ProtocolError.name(), message, requestId);
    }
}
