package dev.shaperemote.worker.jms;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import java.util.Enumeration;

/**
 * Moves a request that kept failing for infrastructure reasons to the exception queue, with its error.
 *
 * <p>The engine can move a message after its redelivery limit by itself, but it records only its own
 * reason, not ours; so on the last allowed delivery the listener puts a copy here itself, in the same
 * transaction that consumes the original. The copy keeps the body, the caller's properties, the reply
 * destination and the correlation id the answer would have had, so an operator can find it and replay it; the
 * failure travels in the properties {@link JmsConfig#ERROR}, {@link JmsConfig#ERROR_KIND}, {@link JmsConfig#DELIVERIES}
 * and {@link JmsConfig#ORIGINAL_MESSAGE_ID}.
 */
@ApplicationScoped
public class ExceptionQueue {
    @Inject
    JmsResources resources;

    void move(Message original, InfrastructureFailure failure, int deliveries) throws JMSException {
        JmsResources.Handles jms = resources.require();
        try (JMSContext session = jms.factory().createContext()) {
            BytesMessage copy = session.createBytesMessage();
            if (original instanceof BytesMessage bytes) {
                bytes.reset(); // the listener has read the body already
                byte[] body = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(body);
                copy.writeBytes(body);
            }
            for (Enumeration<?> names = original.getPropertyNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                if (!name.startsWith("JMSX") && !name.startsWith("JMS_")) copy.setObjectProperty(name, original.getObjectProperty(name));
            }
            copy.setJMSCorrelationID(ShapeRequestListener.correlationId(original));
            copy.setJMSReplyTo(original.getJMSReplyTo());
            copy.setStringProperty(JmsConfig.ERROR, failure.kind() + ": " + failure.getMessage());
            copy.setStringProperty(JmsConfig.ERROR_KIND, failure.kind());
            copy.setIntProperty(JmsConfig.DELIVERIES, deliveries);
            copy.setStringProperty(JmsConfig.ORIGINAL_MESSAGE_ID, original.getJMSMessageID());
            session.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(jms.exceptions(), copy);
        }
    }
}
