package dev.shaperemote.portable;

import dev.shaperemote.client.jms.ShapeJmsClient;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.portable.jms.JmsProbe;
import dev.shaperemote.portable.jms.JmsProbeApplication;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.shaperemote.portable.PortableWorkerIT.HTTP;
import static dev.shaperemote.portable.PortableWorkerIT.SERVER;
import static dev.shaperemote.portable.PortableWorkerIT.call;
import static dev.shaperemote.portable.PortableWorkerIT.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JMS where the server has it: a call queued on the server's broker through the worker's own connection factory (the
 * probe WAR beside the worker, {@link JmsProbe}) is answered on a reply queue, and only with its sender's valid bearer
 * token. On Payara Micro, which has no broker, the worker says so in ping and runs without its JMS listener (no probe).
 */
@ExtendWith(ArquillianExtension.class)
class PortableJmsIT {
    static final boolean HAS_BROKER = !SERVER.equals("payara-micro");

    @Deployment(name = "worker", order = 1, testable = false)
    static WebArchive worker() { return PortableWorkerIT.worker(); }

    /**
     * Deployed by the test itself, and only where there is a broker: Payara Micro's adapter starts a process of its own
     * for every deployment and stops only the last one, so a second managed deployment there would outlive the build.
     * The probe answers beside the worker, on the same host and port, at {@code /shape-jms-probe}.
     */
    @Deployment(name = "probe", managed = false, testable = false)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "shape-jms-probe.war").addClasses(JmsProbeApplication.class, JmsProbe.class,
                ShapeJmsClient.class);
    }

    @ArquillianResource
    @OperateOnDeployment("worker")
    URL worker;

    @ArquillianResource
    Deployer deployer;

    @Test
    void aCallQueuedOnTheBrokerIsAnsweredForItsSenderAlone() throws Exception {
        HttpResponse<String> ping = HTTP.send(HttpRequest.newBuilder(URI.create(base(worker) + "/api/v1/ping")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<Object> caps = assertInstanceOf(ArrayValue.class, PortableWorkerIT.json(ping).fields.get("capabilities")).items;
        assertEquals(HAS_BROKER, caps.contains("jms"), SERVER + ": " + ping.body());
        if (!HAS_BROKER) {
            assertFalse(caps.contains("jms"));
            assertTrue(caps.contains("jobs") && caps.contains("batch"), "everything but JMS works: " + ping.body());
            return;
        }
        deployer.deploy("probe");
        try {
            byte[] request = stream(call("add", List.of(2L, 3L), List.of()));
            WireMessage.RemoteCallResponse r = assertInstanceOf(WireMessage.RemoteCallResponse.class,
                    viaJms(request, TestTokens.caller("portable-jms-sender")));
            assertEquals(5L, r.value(), () -> String.valueOf(r.error()));
            for (String bearer : List.of("not.a.token", TestTokens.mint("portable-nobody", List.of("other-group")))) {
                assertEquals("Unauthorized", assertInstanceOf(WireMessage.Error.class, viaJms(request, bearer)).kind(), bearer);
            }
        } finally {
            deployer.undeploy("probe");
        }
    }

    /** The one answer to {@code request} sent over JMS by the probe with {@code bearer} in the message. */
    private WireMessage viaJms(byte[] request, String bearer) throws Exception {
        URI probe = URI.create(worker.getProtocol() + "://" + worker.getAuthority() + "/shape-jms-probe/call");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream").header("Shape-Bearer", bearer)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        List<WireMessage> messages = WireStreamReader.readAll(r.body(), WireLimits.DEFAULT);
        assertEquals(1, messages.size(), messages::toString);
        return messages.get(0);
    }

    private static String base(URL url) { return url.toExternalForm().replaceAll("/+$", ""); }
}
