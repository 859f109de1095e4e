package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.worker.auth.Caller;
import dev.shaperemote.worker.auth.Callers;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WebSocket {@code /ws/v1/wire}: one binary message is one frame (no length prefix). The session is the
 * connection: it has its own blob cache, dropped when it closes. Sidecars wait for the Call that follows
 * them; calls run on the shared bounded pool, many at once, and each answer goes out when it is ready,
 * carrying its request's {@code request_id}. A bad frame gets an {@code Error} frame and the session
 * stays open. The container makes one endpoint instance per session and calls it one message at a time.
 * {@link OriginCheck} refuses browser pages from origins not allowed; {@link WireSender} closes a session
 * whose client does not read its answers.
 */
@ServerEndpoint(value = "/ws/v1/wire", configurator = OriginCheck.class)
public class WireEndpoint {
    private static final String ENDPOINT = "websocket";
    private static final Logger LOG = Logger.getLogger(WireEndpoint.class.getName());

    // Looked up, not injected: the container creates endpoint instances itself, outside CDI's bean discovery.
    private WireCalls calls;
    private WorkerConfig config;
    private ConnectionRegistry registry;
    private WorkerMetrics metrics;
    private RemoteBlobCache cache;
    private WireSender sender;
    private String principal;
    private Quotas.Permit session;
    private final List<WireMessage> sidecars = new ArrayList<>();
    private long sidecarBytes;

    @OnOpen
    public void open(Session session) throws IOException {
        CDI<Object> cdi = CDI.current();
        // The container verified the bearer token of the handshake (web.xml); its groups decide the rest.
        Caller caller = cdi.select(Callers.class).get().caller(session.getUserPrincipal());
        if (caller == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "a shape-caller bearer token is needed"));
            return;
        }
        try {
            this.session = cdi.select(Quotas.class).get().take(caller.name(), Quotas.Kind.WEBSOCKETS);
        } catch (WorkerFailure overQuota) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "this caller holds its quota of WebSocket sessions"));
            return;
        }
        principal = caller.name();
        calls = cdi.select(WireCalls.class).get();
        config = cdi.select(WorkerConfig.class).get();
        registry = cdi.select(ConnectionRegistry.class).get();
        metrics = cdi.select(WorkerMetrics.class).get();
        session.setMaxBinaryMessageBufferSize((int) Math.min(Integer.MAX_VALUE - 8, config.websocketMaxMessageBytes()));
        cache = calls.newCache();
        registry.track(cache);
        sender = new WireSender(session, cdi.select(WebSocketLimits.class).get());
    }

    @OnMessage
    public void frame(byte[] frame) {
        metrics.bytesIn(frame.length);
        WireMessage message;
        try {
            message = Frames.decode(frame, calls.limits());
        } catch (WireException malformed) {
            refuse(malformed.getMessage());
            return;
        }
        if (message instanceof WireMessage.BlobSidecar s) {
            sidecarBytes += s.data().length;
            if (sidecarBytes > config.wireMaxStreamBytes()) {
                refuse("the sidecars waiting for their call pass the " + config.wireMaxStreamBytes() + "-byte ceiling");
            } else {
                sidecars.add(s);
            }
            return;
        }
        List<WireMessage> request = new ArrayList<>(sidecars);
        request.add(message);
        sidecars.clear();
        sidecarBytes = 0;
        Long requestId = requestIdOf(message);
        CompletionStage<WireMessage> answer;
        try {
            answer = calls.answer(request, cache, ENDPOINT, principal);
        } catch (WorkerFailure refused) {
            send(new WireMessage.Error(refused.kind().name(), refused.getMessage(), requestId));
            return;
        }
        answer.whenComplete((reply, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof WorkerFailure refused) {
                send(new WireMessage.Error(refused.kind().name(), refused.getMessage(), requestId));
            } else if (cause != null) {
                LOG.log(Level.SEVERE, "unexpected failure while answering a WebSocket request", cause);
                send(new WireMessage.Error(RemoteErrorKind.RuntimeError.name(), "internal error in the worker", requestId));
            } else {
                send(reply);
            }
        });
    }

    @OnMessage
    public void text(String ignored) {
        refuse("this endpoint takes binary messages, one frame each");
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (cache != null) registry.retire(cache);
        if (this.session != null) this.session.close();
    }

    @OnError
    public void error(Session session, Throwable t) {
        // A client that vanished or a message past the size limit: the container closes the session.
        LOG.log(Level.FINE, "WebSocket session failed", t);
    }

    /** A frame that is not a well-formed message: an Error frame; the sidecars waiting for a call are dropped with it. */
    private void refuse(String message) {
        sidecars.clear();
        sidecarBytes = 0;
        metrics.callRefused(ENDPOINT, RemoteErrorKind.ProtocolError);
        send(RequestHandler.protocolError(message, null));
    }

    private void send(WireMessage message) {
        byte[] frame = calls.frame(message);
        metrics.bytesOut(frame.length);
        sender.send(frame);
    }

    private static Long requestIdOf(WireMessage m) {
        if (m instanceof WireMessage.Call c) return c.request().requestId();
        if (m instanceof WireMessage.Execute e) return e.requestId();
        if (m instanceof WireMessage.Validate v) return v.requestId();
        return null;
    }
}
