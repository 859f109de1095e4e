package dev.shaperemote.portable.jms;

import dev.shaperemote.client.jms.ShapeJmsClient;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /call}: the request stream in the body goes to the worker's request queue through
 * {@link ShapeJmsClient}, with the bearer token of the {@code Shape-Bearer} header in the message (the worker checks
 * it, as for any JMS sender); the answer is the response stream, or 504 when none came in time. The JNDI names are the
 * worker's own (server.xml on Liberty, payara/server-resources.asadmin on Payara Server); a server without them
 * (Payara Micro) never gets the probe.
 */
@Path("/call")
@ApplicationScoped
public class JmsProbe {
    @Resource(lookup = "jms/shapeConnectionFactory")
    ConnectionFactory factory;
    @Resource(lookup = "jms/shapeRequests")
    Queue requests;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response call(byte[] stream, @HeaderParam("Shape-Bearer") String bearer) throws JMSException {
        try {
            return Response.ok(ShapeJmsClient.call(factory, requests, bearer, stream, Duration.ofSeconds(30))).build();
        } catch (TimeoutException e) {
            return Response.status(504).type(MediaType.TEXT_PLAIN_TYPE).entity(e.getMessage()).build();
        }
    }
}
