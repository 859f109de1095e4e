package dev.shaperemote.worker.batch;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Liberty server {@code shapeIt} the build started, seen from the batch, jobs and admin ITs: HTTP, its
 * MBeans over the JMX REST connector (as JConsole sees them), and its process and files for the crash test.
 */
public final class ItServer {
    public static final String URL = System.getProperty("worker.url", "http://localhost:9080");
    public static final int HTTPS_PORT = Integer.getInteger("worker.https.port", 9443);
    public static final Path WLP = Path.of(System.getProperty("liberty.wlp.dir", "target/liberty/wlp")).toAbsolutePath();
    public static final String NAME = "shapeIt";
    public static final Path SERVER_DIR = WLP.resolve("usr/servers").resolve(NAME);
    /** The server's shape.worker.batch.dir (the default, relative to the server's output directory). */
    public static final Path BATCH_DIR = SERVER_DIR.resolve("shape-batches");
    public static final HttpClient HTTP = HttpClient.newBuilder().sslContext(dev.shaperemote.it.SelfSignedTls.context()).connectTimeout(Duration.ofSeconds(10)).build();
    /** The Admin Center login the build made for this checkout (target/dev-credentials/admin-secrets.xml). */
    public static final String ADMIN_USER = TestTokens.adminLogin()[0];
    public static final String ADMIN_PASSWORD = TestTokens.adminLogin()[1];

    private ItServer() {}

    public static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<byte[]> getBytes(String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) r.setHeader(headers[i], headers[i + 1]);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with the bearer token of a particular caller. */
    public static HttpResponse<String> getAs(String token, String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).setHeader("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bodiless POST with the bearer token of a particular caller. */
    public static HttpResponse<String> postAs(String token, String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).setHeader("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return TestTokens.request(URI.create(path.startsWith("http") ? path : URL + path)).timeout(Duration.ofSeconds(60));
    }

    public static ObjectValue json(HttpResponse<String> response) {
        return assertInstanceOf(ObjectValue.class, JsonValues.parse(response.body()), response.body());
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) fail("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- JMX

    /**
     * A JMX connection through Liberty's REST connector, with the client jar the runtime ships
     * ({@code wlp/clients/restConnector.jar}) and the administrator of server.xml's defaults.
     * The test trusts the server's self-signed certificate.
     */
    public static JMXConnector jmx() throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {WLP.resolve("clients/restConnector.jar").toUri().toURL()},
                ItServer.class.getClassLoader());
        SSLContext tls = dev.shaperemote.it.SelfSignedTls.context();
        Map<String, Object> env = new HashMap<>();
        env.put("jmx.remote.protocol.provider.pkgs", "com.ibm.ws.jmx.connector.client");
        env.put(JMXConnectorFactory.PROTOCOL_PROVIDER_CLASS_LOADER, loader);
        env.put(JMXConnector.CREDENTIALS, new String[] {ADMIN_USER, ADMIN_PASSWORD});
        env.put("com.ibm.ws.jmx.connector.client.disableURLHostnameVerification", Boolean.TRUE);
        env.put("com.ibm.ws.jmx.connector.client.CUSTOM_SSLSOCKETFACTORY", tls.getSocketFactory());
        return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rest://localhost:" + HTTPS_PORT + "/IBMJMXConnectorREST"), env);
    }

    public static Object attribute(MBeanServerConnection mbeans, String type, String name) throws Exception {
        return mbeans.getAttribute(new javax.management.ObjectName("dev.shaperemote:type=" + type), name);
    }

    // ---------------------------------------------------------------- the process

    /** The server JVM's pid, from the file {@code bin/server start} writes for this server. */
    public static long pid() throws IOException {
        return Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid").resolve(NAME + ".pid")).trim());
    }

    /** {@code kill -9} of this server's own JVM (by its pid file), and waits until it is gone. */
    public static void killHard() throws Exception {
        ProcessHandle server = ProcessHandle.of(pid()).orElseThrow(() -> new AssertionError("the server is not running"));
        String command = server.info().commandLine().orElse("");
        assertTrue(command.contains(NAME) || command.isEmpty(), "pid file names another process: " + command);
        assertTrue(server.destroyForcibly(), "could not kill the server"); // SIGKILL: no shutdown hooks, no checkpoint
        server.onExit().get();
    }

    /** {@code bin/server start shapeIt} (the same server.xml, jvm.options and WAR), then waits until the API answers. */
    public static void start() throws Exception {
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), "start", NAME)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), "bin/server start " + NAME);
        await("the restarted server to answer", Duration.ofSeconds(120), () -> {
            try {
                return get("/health/ready").statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }
}
