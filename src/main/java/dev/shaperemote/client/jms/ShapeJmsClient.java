package dev.shaperemote.client.jms;

import dev.shaperemote.wire.WireHttp;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request stream (WIRE.md section 2) to the worker's request queue over plain Jakarta Messaging
 * and waits for its response stream. Each call gets its own temporary reply queue and is matched by
 * correlation id (the request's message id), so many threads can call at once on one factory.
 *
 * <p>Needs only {@code jakarta.jms} and the caller's own JMS provider (on Liberty: the
 * {@code messagingClient-3.0} feature and a connection factory whose {@code remoteServerAddress} names the
 * worker's engine); the client jar carries no JMS implementation. Requests are sent persistent, so one the
 * worker accepted survives a restart of the worker; the wait for the answer does not survive this caller's.
 * Call it outside a JTA transaction: inside one, the request would be sent only when the transaction
 * commits, after the wait for its answer.
 */
public final class ShapeJmsClient {
    /** Message property that names the connection (its blob cache) a request uses. */
    public static final String CONNECTION_PROPERTY = WireHttp.CONNECTION_PROPERTY;
    /** Message property with the sender's bearer token; the worker runs the call as the identity it proves. */
    public static final String BEARER_PROPERTY = "ShapeBearerToken";

    private ShapeJmsClient() {}

    /** The response stream to {@code requestStream} of the caller of {@code bearerToken}, without a connection. */
    public static byte[] call(ConnectionFactory factory, Queue requestQueue, String bearerToken, byte[] requestStream, Duration timeout)
            throws TimeoutException, JMSException {
        return call(factory, requestQueue, bearerToken, null, requestStream, timeout);
    }

    /**
     * The response stream to {@code requestStream} of the caller of {@code bearerToken}, using the blob cache of
     * {@code connectionToken} (null for none; the connection must be this caller's). Throws {@link TimeoutException}
     * when no answer came within {@code timeout}; the request may still be answered later, to a reply queue that no
     * longer exists.
     */
    public static byte[] call(ConnectionFactory factory, Queue requestQueue, String bearerToken, String connectionToken,
                              byte[] requestStream, Duration timeout) throws TimeoutException, JMSException {
        try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = context.createTemporaryQueue();
            BytesMessage request = context.createBytesMessage();
            request.writeBytes(requestStream);
            request.setJMSReplyTo(replies);
            if (bearerToken != null) request.setStringProperty(BEARER_PROPERTY, bearerToken);
            if (connectionToken != null) request.setStringProperty(CONNECTION_PROPERTY, connectionToken);
            context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(requestQueue, request);
            // The worker answers with our message id as correlation id; the selector keeps a stray message out.
            String selector = "JMSCorrelationID = '" + request.getJMSMessageID().replace("'", "''") + "'";
            try (JMSConsumer consumer = context.createConsumer(replies, selector)) {
                Message reply = consumer.receive(Math.max(1, timeout.toMillis()));
                if (reply == null) {
                    throw new TimeoutException("no answer to JMS request " + request.getJMSMessageID() + " within " + timeout);
                }
                return reply.getBody(byte[].class);
            } finally {
                deleteQuietly(replies);
            }
        }
    }

    /** A pooled connection (in an application server) may outlive the call, so the reply queue is dropped here. */
    private static void deleteQuietly(TemporaryQueue queue) {
        try {
            queue.delete();
        } catch (JMSException | RuntimeException ignored) {
            // the connection's close deletes it at the latest; the answer matters more than the cleanup
        }
    }
}
