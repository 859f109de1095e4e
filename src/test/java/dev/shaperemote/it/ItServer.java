package dev.shaperemote.it;

import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;

import com.fasterxml.jackson.core.JsonGenerator;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Liberty server {@code shapeIt} the build started for the integration tests (liberty-maven-plugin), the one
 * way every IT reaches it: its addresses (failsafe passes {@code worker.url}, {@code worker.https.port} and
 * {@code liberty.wlp.dir}), HTTP with {@link TestTokens}' callers and TLS that trusts its self-signed key, its MBeans
 * over the JMX REST connector (as JConsole sees them), and its process and files for the crash tests.
 */
public final class ItServer {
    /** The worker's own port: its API (/api, /ws) and the test application (/it). */
    public static final String URL = System.getProperty("worker.url", "http://localhost:9080");
    public static final int HTTPS_PORT = Integer.getInteger("worker.https.port", 9443);
    /** The management port (HTTPS): Liberty's own endpoints (/health, /metrics, /openapi, Admin Center) answer there only. */
    public static final String MANAGEMENT = "https://localhost:" + HTTPS_PORT;
    public static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SelfSignedTls.context())
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static final String NAME = "shapeIt";
    public static final Path WLP = Path.of(System.getProperty("liberty.wlp.dir", "target/liberty/wlp")).toAbsolutePath();
    public static final Path SERVER_DIR = WLP.resolve("usr/servers").resolve(NAME);
    /** The server's shape.worker.batch.dir (the default, relative to the server's output directory). */
    public static final Path BATCH_DIR = SERVER_DIR.resolve("shape-batches");
    /** The server's shape.worker.jobs.dir (the default, as above). */
    public static final Path JOBS_DIR = SERVER_DIR.resolve("shape-jobs");
    /** The Admin Center login the build made for this checkout (target/dev-credentials/admin-secrets.xml). */
    public static final String ADMIN_USER = TestTokens.adminLogin()[0];
    public static final String ADMIN_PASSWORD = TestTokens.adminLogin()[1];

    private ItServer() {}

    // ---------------------------------------------------------------- HTTP, as the default caller (TestTokens.request)

    /** A request to {@code path} (or a whole URL) with the caller TestTokens picks for it and a 60 s timeout. */
    public static HttpRequest.Builder request(String path) {
        return TestTokens.request(URI.create(path.startsWith("http") ? path : URL + path)).timeout(Duration.ofSeconds(60));
    }

    public static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<byte[]> getBytes(String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A POST of {@code body}; {@code headers} are name, value pairs that replace the defaults. */
    public static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, contentType, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** A bodiless POST. */
    public static HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
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

    /** A JSON response body, read with the project's own JSON reader (tagged values come back as VM values). */
    public static ObjectValue json(HttpResponse<String> response) {
        return assertInstanceOf(ObjectValue.class, JsonValues.parse(response.body()), response.body());
    }

    /** The application metrics, from the management port with the administrator's login (/metrics is not for callers). */
    public static String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics?scope=application");
        assertEquals(200, r.statusCode(), "/metrics with the administrator's login");
        return r.body();
    }

    // ---------------------------------------------------------------- the worker's API

    public static HttpResponse<String> execute(String code) throws IOException, InterruptedException {
        return post("/api/v1/execute", "application/json", executeBody(code));
    }

    public static CompletableFuture<HttpResponse<String>> executeAsync(String code) {
        return HTTP.sendAsync(postRequest("/api/v1/execute", "application/json", executeBody(code)), HttpResponse.BodyHandlers.ofString());
    }

    public static byte[] executeBody(String code) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("code", code);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A new connection token from {@code POST /api/v1/connections}. */
    public static String connection() throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v1/connections");
        assertEquals(201, r.statusCode(), r.body());
        return (String) json(r).fields.get("token");
    }

    /** Closes a connection: DELETE /api/v1/connections naming it in its header (a token never goes in a URL). */
    public static HttpResponse<String> deleteConnection(String token) throws IOException, InterruptedException {
        return HTTP.send(request("/api/v1/connections").header("Shape-Connection", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a wire request stream to {@code /api/v1/wire}, on the connection {@code token} unless it is null. */
    public static HttpResponse<byte[]> wire(byte[] stream, String token) throws IOException, InterruptedException {
        HttpRequest.Builder r = request("/api/v1/wire").header("Content-Type", "application/x-shape-wire")
                .POST(HttpRequest.BodyPublishers.ofByteArray(stream));
        if (token != null) r.header("Shape-Connection", token);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The one message of a wire response stream. */
    public static WireMessage answer(HttpResponse<byte[]> response) {
        assertEquals("application/x-shape-wire", response.headers().firstValue("Content-Type").orElse(""));
        List<WireMessage> messages = WireStreamReader.readAll(response.body(), WireLimits.DEFAULT);
        assertEquals(1, messages.size(), messages::toString);
        return messages.get(0);
    }

    private static HttpRequest postRequest(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder r = request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) r.setHeader(headers[i], headers[i + 1]);
        return r.build();
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
     * ({@code wlp/clients/restConnector.jar}) and the administrator's login; it trusts the server's self-signed key.
     */
    public static JMXConnector jmx() throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {WLP.resolve("clients/restConnector.jar").toUri().toURL()},
                ItServer.class.getClassLoader());
        Map<String, Object> env = new HashMap<>();
        env.put("jmx.remote.protocol.provider.pkgs", "com.ibm.ws.jmx.connector.client");
        env.put(JMXConnectorFactory.PROTOCOL_PROVIDER_CLASS_LOADER, loader);
        env.put(JMXConnector.CREDENTIALS, new String[] {ADMIN_USER, ADMIN_PASSWORD});
        env.put("com.ibm.ws.jmx.connector.client.disableURLHostnameVerification", Boolean.TRUE);
        env.put("com.ibm.ws.jmx.connector.client.CUSTOM_SSLSOCKETFACTORY", SelfSignedTls.context().getSocketFactory());
        return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rest://localhost:" + HTTPS_PORT + "/IBMJMXConnectorREST"), env);
    }

    public static Object attribute(MBeanServerConnection mbeans, String type, String name) throws Exception {
        return mbeans.getAttribute(new ObjectName("dev.shaperemote:type=" + type), name);
    }

    // ---------------------------------------------------------------- the process (bin/server of the build's own installation)

    /** {@code kill -9} of this server's own JVM (by its pid file), and waits until it is gone: a crash, nothing flushed. */
    public static void kill() throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid").resolve(NAME + ".pid")).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the server is not running"));
        String command = server.info().commandLine().orElse("");
        assertTrue(command.contains(NAME) || command.isEmpty(), "pid file names another process: " + command);
        assertTrue(server.destroyForcibly(), "could not kill the server"); // SIGKILL: no shutdown hooks, no checkpoint
        server.onExit().get(60, TimeUnit.SECONDS);
    }

    /**
     * {@code bin/server start shapeIt} (the plugin wrote the JVM options to its jvm.options, so ports and settings stay),
     * then waits until the worker answers /health/ready. No longer: a test of work the worker resumes at its start (jobs
     * kept only 3 s once answered on this server) must look as soon as it can.
     */
    public static void start() throws Exception {
        command("start", NAME);
        await("the restarted server to answer", Duration.ofSeconds(120), () -> {
            try {
                return get("/health/ready").statusCode() == 200;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        });
    }

    /**
     * A copy of this server under {@code name} (configuration, applications and keys; no logs, stores or state), on
     * free ports of its own, with {@code options} after its JVM options (a later {@code -D} wins), started and
     * answering /health/ready. For tests that stop a server, which must not be the one every other test uses.
     */
    public static Copy startCopy(String name, String... options) throws Exception {
        Path dir = WLP.resolve("usr/servers").resolve(name);
        deleteTree(dir);
        Set<String> skipped = Set.of("logs", "workarea", "messaging", "shape-batches", "shape-jobs", "shapeBatchDB");
        try (Stream<Path> files = Files.walk(SERVER_DIR)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path rel = SERVER_DIR.relativize(from);
                boolean skip = false;
                for (Path part : rel) skip |= skipped.contains(part.toString());
                if (skip) continue;
                Path to = dir.resolve(rel.toString());
                if (Files.isDirectory(from)) Files.createDirectories(to); else Files.copy(from, to);
            }
        }
        int http = freePort(), https = freePort(), jms = freePort(), jmsTls = freePort();
        List<String> lines = new ArrayList<>(List.of("-Dhttp.port=" + http, "-Dhttps.port=" + https,
                "-Dshape.worker.jms.endpoint.port=" + jms, "-Dshape.worker.jms.endpoint.ssl-port=" + jmsTls));
        lines.addAll(List.of(options));
        Files.write(dir.resolve("jvm.options"), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Copy copy = new Copy(name, "http://localhost:" + http, dir);
        copy.start();
        return copy;
    }

    /** A server made by {@link #startCopy}: {@link #stop()} stops it, {@link #close()} also when a test failed first. */
    public record Copy(String name, String url, Path dir) implements AutoCloseable {
        public void stop() throws Exception { command("stop", name); }

        /** Starts the server ({@code bin/server start}; again after a stop, its jvm.options unchanged) and waits until it answers. */
        public void start() throws Exception {
            command("start", name);
            await("the server copy " + name + " to answer", Duration.ofSeconds(180), () -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ping")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException | InterruptedException notYet) {
                    return false;
                }
            });
        }

        /**
         * Stops the server as an orchestrator does (SIGTERM: Liberty's orderly stop, without {@code bin/server}'s own
         * JVM start in the way) and waits until its JVM has exited.
         */
        public void terminate() throws Exception {
            long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid").resolve(name + ".pid")).trim());
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " is not running"));
            assertTrue(server.destroy(), "could not signal " + name);
            server.onExit().get(120, TimeUnit.SECONDS);
        }

        /** {@code kill -9} of this server's JVM (a crash: no shutdown hook, nothing flushed), and waits until it is gone. */
        public void kill() throws Exception {
            long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid").resolve(name + ".pid")).trim());
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " is not running"));
            assertTrue(server.destroyForcibly(), "could not kill " + name);
            server.onExit().get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            Path pid = WLP.resolve("usr/servers/.pid").resolve(name + ".pid");
            ProcessHandle server = Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    .filter(ProcessHandle::isAlive).orElse(null) : null;
            if (server != null) {
                // SIGTERM (Liberty's orderly stop), then SIGKILL: a stop may hang (a messaging engine whose remote
                // readers were killed never finished stopping), and a test's cleanup must end.
                server.destroy();
                try {
                    server.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException hung) {
                    server.destroyForcibly();
                    server.onExit().get(60, TimeUnit.SECONDS);
                }
            }
            Path logs = WLP.getParent().getParent().resolve(name + "-logs"); // target/<name>-logs, for a failure's reader
            deleteTree(logs);
            if (Files.exists(dir.resolve("logs"))) Files.move(dir.resolve("logs"), logs);
            deleteTree(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Deletes {@code dir} and everything under it; a missing directory (or a dangling link) is nothing to do. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    private static void command(String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(WLP.resolve("bin/server").toString()));
        line.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) fail("bin/server " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "bin/server " + String.join(" ", args) + ": " + output);
    }
}
