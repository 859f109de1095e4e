package dev.shaperemote.worker.jms;

import dev.shaperemote.wire.WireHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The JMS settings the application itself reads (MicroProfile Config). Queue names, the broker and the
 * listener's concurrency are server.xml variables that only the server reads; the JNDI names below are
 * the fixed handles through which the application sees them.
 */
@ApplicationScoped
public class JmsConfig {
    public static final String CONNECTION_FACTORY = "jms/shapeConnectionFactory";
    public static final String REQUESTS = "jms/shapeRequests";
    public static final String REPLIES = "jms/shapeReplies";
    public static final String EXCEPTIONS = "jms/shapeExceptions";
    /** Message property naming the connection whose blob cache a request uses. */
    public static final String CONNECTION_PROPERTY = WireHttp.CONNECTION_PROPERTY;
    /** String property with the sender's bearer token (a MicroProfile JWT): the call runs as the identity it proves. */
    public static final String BEARER_PROPERTY = "ShapeBearerToken";
    /** Properties of a request moved to the exception queue ({@link ExceptionQueue}): "Kind: message" of the last failure, */
    public static final String ERROR = "ShapeError";
    /** its kind alone, */
    public static final String ERROR_KIND = "ShapeErrorKind";
    /** the deliveries it had, and the id of the message it copies. */
    public static final String DELIVERIES = "ShapeDeliveryCount";
    public static final String ORIGINAL_MESSAGE_ID = "ShapeOriginalMessageId";

    // On Liberty also server.xml variables (whose values win), since its engine's queue reads the first two too.
    @Inject @ConfigProperty(name = "shape.worker.jms.max-deliveries") int maxDeliveries;
    @Inject @ConfigProperty(name = "shape.worker.jms.redelivery-delay-ms") long redeliveryDelayMs;
    @Inject @ConfigProperty(name = "shape.worker.jms.max-concurrency") int maxConcurrency;
    @Inject @ConfigProperty(name = "shape.worker.jms.listener.auto-start") boolean listenerAutoStart;

    /** Deliveries of one message that may fail for infrastructure reasons before it is moved to the exception queue. */
    public int maxDeliveries() { return Math.max(1, maxDeliveries); }

    /** The wait before the first redelivery of a failed message; it doubles with each further one ({@link RedeliveryDelay}). */
    public long redeliveryDelayMs() { return redeliveryDelayMs; }

    /** Messages the listener answers at once: its reader threads. */
    public int maxConcurrency() { return Math.max(1, maxConcurrency); }

    /** Whether the listener reads the queue from the start, or waits paused for an operator. */
    public boolean listenerAutoStart() { return listenerAutoStart; }
}
