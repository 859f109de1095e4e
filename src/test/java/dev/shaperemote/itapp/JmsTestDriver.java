package dev.shaperemote.itapp;

import dev.shaperemote.client.jms.ShapeJmsClient;
import dev.shaperemote.worker.jms.JmsConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /it/jms}: lets the integration tests, which run in another JVM, use the embedded messaging engine.
 * Liberty's engine has no standalone JMS client on Maven Central, so the tests drive JMS from inside the server:
 * every message still goes through the engine's queues and the worker's message-driven bean, exactly as an
 * enterprise app's would. It lives in the test application ({@link ItApplication}), which only the
 * integration-test server deploys, and looks up the server's JMS resources by the JNDI names the worker uses
 * ({@link JmsConfig} constants: javac inlines them, so no worker class is needed here).
 */
@Path("/jms")
@ApplicationScoped
public class JmsTestDriver {
    @Resource(lookup = JmsConfig.CONNECTION_FACTORY)
    ConnectionFactory factory;
    @Resource(lookup = JmsConfig.REQUESTS)
    Queue requests;
    /** Reaches the engine over TCP with the login given, as another server's client does (the IT server only). */
    @Resource(lookup = "jms/shapeRemoteLogin")
    ConnectionFactory remote;
    @Resource(lookup = JmsConfig.REPLIES)
    Queue replies;
    @Resource(lookup = JmsConfig.EXCEPTIONS)
    Queue exceptions;
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService threads;

    /** One request through {@link ShapeJmsClient}: its response stream, or 504 when none came in time. */
    @POST
    @Path("/call")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(hidden = true)
    public Response call(byte[] stream, @QueryParam("connection") String connection,
                         @QueryParam("timeoutMs") @DefaultValue("30000") long timeoutMs,
                         @HeaderParam("Authorization") String authorization) throws JMSException {
        try {
            return Response.ok(ShapeJmsClient.call(factory, requests, bearer(authorization), connection, stream,
                    Duration.ofMillis(timeoutMs))).build();
        } catch (TimeoutException e) {
            return Response.status(504).type(MediaType.TEXT_PLAIN_TYPE).entity(e.getMessage()).build();
        }
    }

    /**
     * {@code count} requests through {@link ShapeJmsClient} from {@code concurrency} threads (the throughput
     * measurement): JSON {@code {"calls", "answered", "millis"}}.
     */
    @POST
    @Path("/calls")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String calls(byte[] stream, @QueryParam("count") @DefaultValue("1000") int count,
                        @QueryParam("concurrency") @DefaultValue("1") int concurrency,
                        @HeaderParam("Authorization") String authorization) throws Exception {
        String bearer = bearer(authorization);
        AtomicInteger next = new AtomicInteger(), answered = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < Math.max(1, concurrency); t++) {
            running.add(threads.submit(() -> {
                while (next.getAndIncrement() < count) {
                    ShapeJmsClient.call(factory, requests, bearer, stream, Duration.ofSeconds(60));
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) f.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        return "{\"calls\":" + count + ",\"answered\":" + answered.get() + ",\"millis\":" + millis + "}";
    }

    /**
     * Connects to the messaging engine as {@code user} with {@code password} (an enterprise app's JMS client would)
     * and sends a Ping to the request queue: "sent", or "refused" when the engine does not let that login in.
     */
    @POST
    @Path("/login")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String login(byte[] stream, @QueryParam("user") String user, @QueryParam("password") String password) {
        try (JMSContext session = remote.createContext(user, password)) {
            BytesMessage request = session.createBytesMessage();
            request.writeBytes(stream);
            session.createProducer().send(requests, request);
            return "sent";
        } catch (jakarta.jms.JMSSecurityRuntimeException | jakarta.jms.JMSException refused) {
            return "refused";
        }
    }

    /**
     * Sends a raw request: {@code replyTo} names a queue ({@code none}: no JMSReplyTo, so the default reply
     * queue), {@code correlation} sets JMSCorrelationID. Answers the request's JMSMessageID.
     */
    @POST
    @Path("/send")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String send(byte[] stream, @QueryParam("replyTo") @DefaultValue("none") String replyTo,
                       @QueryParam("correlation") String correlation, @QueryParam("connection") String connection,
                       @QueryParam("bearer") String bearerGiven,
                       @HeaderParam("Authorization") String authorization) throws JMSException {
        try (JMSContext session = factory.createContext()) {
            BytesMessage request = session.createBytesMessage();
            request.writeBytes(stream);
            if (!"none".equals(replyTo)) request.setJMSReplyTo(session.createQueue(replyTo));
            if (correlation != null) request.setJMSCorrelationID(correlation);
            if (connection != null) request.setStringProperty(ShapeJmsClient.CONNECTION_PROPERTY, connection);
            // bearer=none: a message without a token; bearer=TOKEN: that token instead of the test's own.
            String bearer = bearerGiven == null ? bearer(authorization) : "none".equals(bearerGiven) ? null : bearerGiven;
            if (bearer != null) request.setStringProperty(ShapeJmsClient.BEARER_PROPERTY, bearer);
            session.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(requests, request);
            return request.getJMSMessageID();
        }
    }

    /**
     * Takes the message with {@code correlation} from the reply queue ({@code queue=replies}) or the exception
     * queue ({@code queue=exceptions}): its body, with correlation id and error properties as headers; 404
     * when none arrives within {@code timeoutMs}.
     */
    @GET
    @Path("/receive")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(hidden = true)
    public Response receive(@QueryParam("queue") @DefaultValue("replies") String queue,
                            @QueryParam("correlation") String correlation,
                            @QueryParam("timeoutMs") @DefaultValue("10000") long timeoutMs) throws JMSException {
        if (correlation == null) return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE).entity("correlation is required").build();
        Queue from = "exceptions".equals(queue) ? exceptions : replies;
        try (JMSContext session = factory.createContext();
             JMSConsumer consumer = session.createConsumer(from, "JMSCorrelationID = '" + correlation.replace("'", "''") + "'")) {
            Message m = consumer.receive(Math.max(1, timeoutMs));
            if (m == null) return Response.status(404).type(MediaType.TEXT_PLAIN_TYPE).entity("no message").build();
            Response.ResponseBuilder r = Response.ok(m instanceof BytesMessage ? m.getBody(byte[].class) : new byte[0])
                    .header("Shape-Correlation", m.getJMSCorrelationID());
            if (m.propertyExists(JmsConfig.ERROR)) {
                r.header("Shape-Error", m.getStringProperty(JmsConfig.ERROR))
                        .header("Shape-Error-Kind", m.getStringProperty(JmsConfig.ERROR_KIND))
                        .header("Shape-Delivery-Count", m.getIntProperty(JmsConfig.DELIVERIES));
            }
            return r.build();
        }
    }

    /** The test's own bearer token travels on with its JMS requests, as an enterprise app would send its caller's. */
    private static String bearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : null;
    }
}
