package dev.shaperemote.worker.jms;

import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import dev.shaperemote.worker.WireCalls;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WorkerFailure;
import dev.shaperemote.worker.WorkerMetrics;
import dev.shaperemote.worker.auth.Caller;
import dev.shaperemote.worker.auth.Callers;
import dev.shaperemote.worker.auth.TokenVerifier;
import dev.shaperemote.remote.RemoteErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the request queue: each BytesMessage carries a request stream (WIRE.md section 2), which runs
 * on the same call pool, budgets and connection caches as HTTP, and the response stream goes to
 * {@code JMSReplyTo} (or the default reply queue) with {@code JMSCorrelationID} set to the request's
 * correlation id, or to its message id when it has none.
 *
 * <p>What the caller got wrong (a program that fails, a malformed stream, an unknown connection) is an
 * ordinary answer. What the worker got wrong (pool full, reply not sendable) rolls the delivery back so
 * the engine delivers it again; the last allowed delivery moves it to the exception queue with its error
 * instead (see {@link ExceptionQueue}). The listener's transaction ({@link JmsListener}) makes "consume the request, send the
 * reply" one unit: a crash in between leaves the request on the queue.
 */
@ApplicationScoped
public class ShapeRequestListener {
    private static final Logger LOG = Logger.getLogger(ShapeRequestListener.class.getName());
    private static final String ENDPOINT = "jms";


    @Inject
    WireCalls calls;
    @Inject
    WorkerConfig config;
    @Inject
    JmsConfig jms;
    @Inject
    WorkerMetrics metrics;
    @Inject
    ExceptionQueue exceptions;
    @Inject
    ReplySender replies;
    @Inject
    TokenVerifier tokens;
    @Inject
    Callers callers;

    /**
     * Answers one request in the caller's transaction ({@link JmsListener}): false when the delivery must roll back,
     * so the broker delivers the message again.
     */
    public boolean answer(Message message) {
        try {
            reply(message, response(message));
            return true;
        } catch (InfrastructureFailure failure) {
            return failed(message, failure);
        }
    }

    /** The response stream for a request message; throws only for the worker's own failures. */
    private byte[] response(Message message) throws InfrastructureFailure {
        if (!(message instanceof BytesMessage bytes)) {
            return error("a request is a BytesMessage carrying a request stream (WIRE.md section 2)");
        }
        byte[] stream;
        String token;
        String bearer;
        try {
            long length = bytes.getBodyLength();
            if (length > config.wireMaxStreamBytes()) {
                return error("the request stream is larger than the limit of " + config.wireMaxStreamBytes() + " bytes");
            }
            stream = new byte[(int) length];
            bytes.readBytes(stream);
            token = message.getStringProperty(JmsConfig.CONNECTION_PROPERTY);
            bearer = message.getStringProperty(JmsConfig.BEARER_PROPERTY);
        } catch (JMSException e) {
            LOG.log(Level.WARNING, "a JMS request message could not be read", e);
            throw new InfrastructureFailure("Infrastructure", "the request message could not be read");
        }
        metrics.bytesIn(stream.length);
        Caller caller = tokens.verify(bearer).map(v -> callers.caller(v.name(), v.groups())).orElse(null);
        if (caller == null) {
            metrics.callRefused(ENDPOINT, RemoteErrorKind.Unauthorized);
            return encode(new WireMessage.Error(RemoteErrorKind.Unauthorized.name(), "a request needs a valid bearer token of a "
                    + "shape-caller in the string property " + JmsConfig.BEARER_PROPERTY, null));
        }
        String principal = caller.name();

        List<WireMessage> request;
        try {
            request = WireStreamReader.readAll(stream, calls.limits());
        } catch (WireException e) {
            return encode(RequestHandler.protocolError(e.getMessage(), null));
        }
        // Without a token the cache lives for this request only.
        BlobCache cache = token == null ? calls.newCache() : calls.connectionCache(token, principal);
        if (cache == null) {
            // As on HTTP: Unauthorized, and someone else's token reads exactly as an unknown one.
            metrics.callRefused(ENDPOINT, RemoteErrorKind.Unauthorized);
            return encode(new WireMessage.Error(RemoteErrorKind.Unauthorized.name(), "unknown or expired connection token in "
                    + JmsConfig.CONNECTION_PROPERTY + "; create one with POST /api/v1/connections", null));
        }
        try {
            return encode(run(request, cache, principal));
        } finally {
            if (token == null) calls.retire(cache); // its counts reach the cache metrics, as on HTTP
        }
    }

    /**
     * Answers on the call pool through the same path as HTTP and WebSocket (blobs interned, Execute and
     * Validate served, the deadline answered in-band) and waits: this delivery's transaction stays open
     * until the answer exists. A refusal of the worker is an infrastructure failure, so the message is
     * delivered again.
     */
    private WireMessage run(List<WireMessage> request, BlobCache cache, String principal) throws InfrastructureFailure {
        try {
            return calls.answer(request, cache, ENDPOINT, principal).toCompletableFuture().get();
        } catch (WorkerFailure refused) {
            throw new InfrastructureFailure(refused.kind().name(), refused.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerFailure refused) {
                throw new InfrastructureFailure(refused.kind().name(), refused.getMessage());
            }
            LOG.log(Level.WARNING, "a JMS request failed unexpectedly", e.getCause());
            throw new InfrastructureFailure("Internal", "the worker failed while running the request");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureFailure("Internal", "the worker stopped while running the request");
        }
    }

    /** Sends the answer ({@link ReplySender}: retried, behind a circuit breaker); its failure is the worker's. */
    private void reply(Message request, byte[] answer) throws InfrastructureFailure {
        try {
            replies.send(request, answer);
        } catch (CircuitBreakerOpenException e) {
            throw new InfrastructureFailure(RemoteErrorKind.Overloaded.name(), "answers could not be sent repeatedly, so "
                    + "the worker stopped sending for a while; the request will be delivered again");
        } catch (JMSException | JMSRuntimeException e) {
            String to = replyName(request);
            LOG.log(Level.WARNING, "the answer to a JMS request could not be sent to " + to, e);
            throw new InfrastructureFailure("ReplyFailed", "the answer could not be sent to " + to);
        }
        metrics.bytesOut(answer.length);
    }

    /** Delivers the message again (false: roll back), or after its last allowed delivery moves it to the exception queue. */
    private boolean failed(Message message, InfrastructureFailure failure) {
        int delivery = deliveryCount(message);
        String id = messageId(message);
        if (delivery < jms.maxDeliveries()) {
            long wait = RedeliveryDelay.millis(jms.redeliveryDelayMs(), delivery);
            LOG.warning("JMS request " + id + " failed on delivery " + delivery + " of " + jms.maxDeliveries() + " ("
                    + failure.kind() + ": " + failure.getMessage() + "); it will be delivered again in " + wait + " ms");
            pause(wait);
            return false;
        }
        try {
            exceptions.move(message, failure, delivery);
            LOG.warning("JMS request " + id + " failed on its last delivery (" + failure.kind() + ": "
                    + failure.getMessage() + ") and was moved to the exception queue");
            return true;
        } catch (JMSException | JMSRuntimeException e) {
            // The engine's own redelivery limit (the same variable) moves it, without our error property.
            LOG.warning("JMS request " + id + " could not be moved to the exception queue (" + e.getMessage()
                    + "); the messaging engine moves it after its redelivery limit");
            return false;
        }
    }

    /**
     * Waits before the delivery is handed back, so the next one finds a pool with room. The listener thread
     * (one of {@code shape.worker.jms.max-concurrency}) waits with it, which slows the queue's consumption
     * while the worker is overloaded: the point.
     */
    private static void pause(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: hand the message back at once
        }
    }

    /** The caller's reply destination by its queue or topic name (not the provider's description of it). */
    private static String replyName(Message request) {
        try {
            Destination to = request.getJMSReplyTo();
            if (to == null) return "the reply queue";
            if (to instanceof Queue q) return "queue " + q.getQueueName();
            if (to instanceof jakarta.jms.Topic t) return "topic " + t.getTopicName();
        } catch (JMSException | RuntimeException e) {
            // fall through
        }
        return "the reply destination";
    }

    private static byte[] error(String message) { return encode(RequestHandler.protocolError(message, null)); }

    private static byte[] encode(WireMessage answer) { return WireStreamWriter.toBytes(List.of(answer), true); }

    static String correlationId(Message request) throws JMSException {
        String correlation = request.getJMSCorrelationID();
        return correlation != null ? correlation : request.getJMSMessageID();
    }

    /** 1 on the first delivery; the engine's own limit is the backstop when the property is missing. */
    private static int deliveryCount(Message message) {
        try {
            return message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        } catch (JMSException | RuntimeException e) {
            return 1;
        }
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(no id)";
        }
    }
}
