package dev.shaperemote.worker.jms;

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
    public static final String CONNECTION_PROPERTY = "ShapeConnection";

    /** The same server.xml variable bounds the engine's redelivery; the default here only matters without it. */
    @Inject @ConfigProperty(name = "shape.worker.jms.max-deliveries", defaultValue = "3")
    int maxDeliveries;

    /** Deliveries of one message that may fail for infrastructure reasons before it is moved to the exception queue. */
    public int maxDeliveries() { return Math.max(1, maxDeliveries); }
}
