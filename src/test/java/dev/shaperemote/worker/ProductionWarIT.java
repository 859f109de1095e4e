package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test-only code stays out of the production WAR: the JMS test driver and the load runs' echo live in the
 * integration-test application ({@code dev.shaperemote.itapp}, {@code target/shape-remote-it.war}), which only the
 * shapeIt server deploys, at {@code /it}, behind the same bearer-token check as the worker.
 */
class ProductionWarIT {
    static final Path WORKER_WAR = Path.of(System.getProperty("worker.war", "target/shape-remote-worker.war"));
    static final Path IT_APP_WAR = Path.of(System.getProperty("it.app.war", "target/shape-remote-it.war"));
    static final String IT_APP_PACKAGE = "WEB-INF/classes/dev/shaperemote/itapp/";

    @Test
    void theWorkersWarHoldsNoClassOfTheTestApplication() throws IOException {
        List<String> worker = entries(WORKER_WAR), itApp = entries(IT_APP_WAR);
        List<String> testClasses = itApp.stream().filter(e -> e.startsWith(IT_APP_PACKAGE) && e.endsWith(".class")).toList();
        assertTrue(testClasses.containsAll(List.of(IT_APP_PACKAGE + "JmsTestDriver.class", IT_APP_PACKAGE + "EchoResource.class",
                IT_APP_PACKAGE + "ItApplication.class")), "the test application's WAR: " + itApp);
        for (String c : testClasses) {
            String simpleName = c.substring(c.lastIndexOf('/'));
            assertFalse(worker.stream().anyMatch(e -> e.endsWith(simpleName)), c + " (or a class of that name) is in " + WORKER_WAR);
        }
        assertFalse(worker.stream().anyMatch(e -> e.contains("/itapp/")), "the itapp package is in " + WORKER_WAR);
        assertTrue(worker.contains("WEB-INF/classes/dev/shaperemote/worker/WorkerApplication.class"), "not the worker's WAR: " + WORKER_WAR);
    }

    @Test
    void theTestApplicationsWarHoldsOnlyItsOwnClassesAndTheJmsClient() throws IOException {
        for (String e : entries(IT_APP_WAR)) {
            if (!e.endsWith(".class")) continue;
            assertTrue(e.startsWith(IT_APP_PACKAGE) || e.startsWith("WEB-INF/classes/dev/shaperemote/client/jms/"),
                    e + " does not belong in " + IT_APP_WAR);
        }
    }

    @Test
    void theWorkerAnswersNoTestPathEvenToAValidCaller() throws Exception {
        assertEquals(404, send("/api/v1/echo", "POST").statusCode());
        for (String path : new String[] {"/api/v1/jms-test/call", "/api/v1/jms-test/calls", "/api/v1/jms-test/send"}) {
            assertEquals(404, send(path, "POST").statusCode(), path);
        }
        assertEquals(404, send("/api/v1/jms-test/receive?correlation=x", "GET").statusCode());
    }

    @Test
    void theTestApplicationEchoesTheBodyUnchanged() throws Exception {
        byte[] body = new byte[4096];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 31);
        HttpResponse<byte[]> r = ItServer.HTTP.send(TestTokens.request(URI.create(ItServer.URL + "/it/echo"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-shape-wire")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertTrue(Arrays.equals(body, r.body()));
        assertEquals("application/x-shape-wire", r.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void theTestApplicationNeedsAVerifiedBearerToken() throws Exception {
        for (String path : new String[] {"/it/echo", "/it/jms/call", "/it/jms/calls", "/it/jms/send"}) {
            assertEquals(401, anonymous(path, "POST", null).statusCode(), path + " without a token");
            assertEquals(401, anonymous(path, "POST", "Bearer not.a.token").statusCode(), path + " with a forged token");
        }
        assertEquals(401, anonymous("/it/jms/receive?correlation=x", "GET", null).statusCode());
    }

    private static HttpResponse<String> send(String path, String method) throws IOException, InterruptedException {
        return ItServer.HTTP.send(TestTokens.request(URI.create(ItServer.URL + path)).timeout(Duration.ofSeconds(60))
                .setHeader("Authorization", "Bearer " + TestTokens.CALLER).header("Content-Type", "application/octet-stream")
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})
                        : HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> anonymous(String path, String method, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(ItServer.URL + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})
                        : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) r.header("Authorization", authorization);
        return ItServer.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> entries(Path war) throws IOException {
        assertTrue(Files.isRegularFile(war), war + " missing: the build makes it in the package phase");
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) names.add(e.getName());
        }
        return names;
    }
}
