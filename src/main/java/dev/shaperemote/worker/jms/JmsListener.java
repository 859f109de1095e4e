package dev.shaperemote.worker.jms;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the request queue on {@code shape.worker.jms.max-concurrency} managed threads, one JTA transaction per
 * message: receive, answer ({@link ShapeRequestListener}), send the reply, commit; a rollback hands the message back
 * to the broker, which delivers it again. This is what a message-driven bean would do, but an MDB is a condition of
 * deployment (it needs the server's JMS resource adapter), and the same WAR must deploy on a server without a
 * broker: there the listener is simply off ({@link JmsResources}) and ping does not offer JMS.
 */
@ApplicationScoped
public class JmsListener {
    private static final Logger LOG = Logger.getLogger(JmsListener.class.getName());
    /** How long one receive waits for a message: bounds how late a reader sees a pause or a stop. */
    private static final long RECEIVE_MS = 1_000;

    /** Readers get threads of their own: they hold them for the application's life, which would starve a pool. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;
    @Inject
    JmsResources resources;
    @Inject
    JmsConfig config;
    @Inject
    ShapeRequestListener handler;

    private final List<Thread> readers = new ArrayList<>();
    /** Readers inside a receive or an answer right now: a pause waits for them. */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean paused;
    private volatile boolean stopped;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!resources.available()) {
            LOG.info("this server defines no " + JmsConfig.CONNECTION_FACTORY + ": the JMS listener is off");
            return;
        }
        paused = !config.listenerAutoStart();
        synchronized (readers) {
            for (int i = 0; i < config.maxConcurrency(); i++) {
                Thread reader = threads.newThread(new Reader());
                reader.setName("Shape JMS listener " + (i + 1));
                reader.start();
                readers.add(reader);
            }
        }
        LOG.info("JMS listener: " + config.maxConcurrency() + " readers on " + JmsConfig.REQUESTS + (paused ? ", paused" : ""));
    }

    /** {@code off} (this server has no JMS), {@code paused} or {@code listening}. */
    public String state() {
        if (!resources.available()) return "off";
        return paused ? "paused" : "listening";
    }

    /**
     * Stops taking messages: returns once no reader is receiving or answering (at most {@code waitMs}), so every
     * message sent from then on waits on the queue.
     */
    public void pause(long waitMs) throws InterruptedException {
        paused = true;
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (busy.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
    }

    public void resume() { paused = false; }

    @PreDestroy
    void stop() {
        stopped = true;
        synchronized (readers) {
            for (Thread reader : readers) reader.interrupt();
            readers.clear();
        }
    }

    /** One reader thread. */
    private final class Reader implements Runnable {
        @Override
        public void run() {
            UserTransaction tx;
            try {
                tx = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
            } catch (NamingException e) {
                LOG.log(Level.SEVERE, "no UserTransaction: the JMS listener cannot read the request queue", e);
                return;
            }
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                if (paused) {
                    sleep(100);
                    continue;
                }
                busy.incrementAndGet();
                boolean read;
                try {
                    read = paused || readOne(tx); // paused: a pause began between the check and the count
                } finally {
                    busy.decrementAndGet();
                }
                if (!read) sleep(RECEIVE_MS); // the broker failed us: do not spin on it
            }
        }

        /** Receives and answers at most one message in one transaction; false when the broker itself failed. */
        private boolean readOne(UserTransaction tx) {
            try {
                tx.begin();
                boolean commit = true;
                try (JMSContext session = resources.require().factory().createContext()) {
                    JMSConsumer consumer = session.createConsumer(resources.require().requests());
                    Message message = consumer.receive(RECEIVE_MS);
                    if (message != null) commit = handler.answer(message);
                } catch (JMSRuntimeException e) {
                    if (!stopped) LOG.log(Level.WARNING, "the JMS listener could not read the request queue", e);
                    tx.rollback();
                    return false;
                }
                if (commit && tx.getStatus() == Status.STATUS_ACTIVE) tx.commit(); else tx.rollback();
                return true;
            } catch (Exception e) { // the transaction manager's checked exceptions, or a rollback it forced
                if (!stopped) LOG.log(Level.WARNING, "a JMS listener transaction failed; the message is delivered again", e);
                rollbackQuietly(tx);
                return false;
            }
        }
    }

    private static void rollbackQuietly(UserTransaction tx) {
        try {
            if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) tx.rollback();
        } catch (Exception ignored) {
            // nothing more to undo
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }
}
