package dev.shaperemote.worker.jms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Sends a JMS request's answer: to its {@code JMSReplyTo} (or the worker's reply queue), correlated with the request
 * and as persistent as it was. A send that fails is tried twice more with jitter (a broker that is restarting or
 * briefly unreachable); a broker that keeps failing opens the circuit, and deliveries then roll back at once
 * (the engine delivers them again later) instead of each waiting through its retries. A reply destination that
 * does not exist is the caller's mistake, not the broker's: it is neither retried nor counted by the circuit, so
 * one caller's bad {@code JMSReplyTo} never stops the answers to everyone else.
 */
@ApplicationScoped
public class ReplySender {
    @Inject
    JmsResources resources;

    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = {JMSException.class, JMSRuntimeException.class},
            abortOn = {InvalidDestinationException.class, InvalidDestinationRuntimeException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5_000,
            failOn = {JMSException.class, JMSRuntimeException.class},
            skipOn = {InvalidDestinationException.class, InvalidDestinationRuntimeException.class})
    public void send(Message request, byte[] answer) throws JMSException {
        JmsResources.Handles jms = resources.require();
        try (JMSContext session = jms.factory().createContext()) {
            Destination to = request.getJMSReplyTo() != null ? request.getJMSReplyTo() : jms.replies();
            BytesMessage reply = session.createBytesMessage();
            reply.writeBytes(answer);
            reply.setJMSCorrelationID(ShapeRequestListener.correlationId(request));
            session.createProducer().setDeliveryMode(request.getJMSDeliveryMode()).send(to, reply);
        }
    }
}
