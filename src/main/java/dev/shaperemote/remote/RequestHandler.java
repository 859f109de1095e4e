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
    /** Runs source code for Execute and Validate; supplied by a layer that holds the compiler. */
    public interface SourceService {
        WireMessage.ExecuteResponse execute(WireMessage.Execute request);

        WireMessage.ValidateResponse validate(WireMessage.Validate request);
    }

    public static final int WIRE_PROTOCOL = 1;
    public static final String SHAPE_VERSION = "0.1.0";

    private final RemoteBlobCache cache;
    private final SourceService source;

    public RequestHandler(RemoteBlobCache cache, SourceService source) {
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
    public WireMessage handle(List<WireMessage> request, RemoteExecutor.CallOptions options) {
        if (request.isEmpty()) return protocolError("the request stream is empty", null);
        List<WireMessage.BlobSidecar> sidecars = new ArrayList<>();
        for (int i = 0; i < request.size() - 1; i++) {
            if (!(request.get(i) instanceof WireMessage.BlobSidecar s)) {
                return protocolError("a request stream holds sidecars and then one request; message " + (i + 1)
                        + " is a " + request.get(i).variant(), null);
            }
            sidecars.add(s);
        }
        WireMessage last = request.get(request.size() - 1);
        if (!sidecars.isEmpty() && !(last instanceof WireMessage.Call)) {
            return protocolError("sidecars must be followed by a Call, not a " + last.variant(), null);
        }
        if (last instanceof WireMessage.Call c) return RemoteExecutor.executeRemoteCall(c.request(), sidecars, cache, options);
        if (last instanceof WireMessage.BlobNegotiationRequest n) return RemoteCalls.handleNegotiation(n, cache);
        if (last instanceof WireMessage.Ping) return pong();
        if (last instanceof WireMessage.Execute e && source != null) return source.execute(e);
        if (last instanceof WireMessage.Validate v && source != null) return source.validate(v);
        if (last instanceof WireMessage.Auth) {
            return new WireMessage.AuthResponse(false, "this endpoint takes no credentials; use the connection token of your transport");
        }
        return protocolError(last.variant() + " is not a request this worker answers", null);
    }

    public static WireMessage.Error protocolError(String message, Long requestId) {
        return new WireMessage.Error(RemoteErrorKind.ProtocolError.name(), message, requestId);
    }
}
