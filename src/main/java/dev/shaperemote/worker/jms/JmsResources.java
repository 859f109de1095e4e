package dev.shaperemote.worker.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;

/**
 * The JMS resources the server defines under the worker's JNDI names ({@link JmsConfig}), looked up when first
 * needed rather than injected: injection would make them a condition of deployment, and the same WAR must also
 * deploy on a server without a broker (Payara Micro), where JMS is then simply off and ping says so. The
 * connection factory is reached through a resource reference, so the server authenticates the worker's
 * connections itself (container authentication: Liberty's {@code containerAuthDataRef}).
 */
@Resource(name = JmsConfig.CONNECTION_FACTORY, lookup = JmsConfig.CONNECTION_FACTORY, type = ConnectionFactory.class)
@ApplicationScoped
public class JmsResources {
    /** The factory and the worker's three queues, all present or none. */
    record Handles(ConnectionFactory factory, Queue requests, Queue replies, Queue exceptions) {}

    private volatile Optional<Handles> handles;

    /** Whether this server gives the worker JMS (looked up once: a server's resources change only with a restart). */
    public boolean available() { return handles().isPresent(); }

    Handles require() {
        return handles().orElseThrow(() -> new IllegalStateException("this server defines no " + JmsConfig.CONNECTION_FACTORY));
    }

    private Optional<Handles> handles() {
        Optional<Handles> found = handles;
        if (found == null) handles = found = lookUp();
        return found;
    }

    private static Optional<Handles> lookUp() {
        try {
            InitialContext names = new InitialContext();
            return Optional.of(new Handles((ConnectionFactory) names.lookup("java:comp/env/" + JmsConfig.CONNECTION_FACTORY),
                    (Queue) names.lookup(JmsConfig.REQUESTS),
                    (Queue) names.lookup(JmsConfig.REPLIES), (Queue) names.lookup(JmsConfig.EXCEPTIONS)));
        } catch (NamingException | ClassCastException | NoClassDefFoundError missing) {
            return Optional.empty();
        }
    }
}
