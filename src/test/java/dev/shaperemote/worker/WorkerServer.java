package dev.shaperemote.worker;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;

import com.fasterxml.jackson.core.JsonGenerator;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Liberty server the build started for the integration tests (liberty-maven-plugin, server
 * {@code shapeIt}); its URL comes from the {@code worker.url} system property that failsafe sets.
 */
final class WorkerServer {
    static final String URL = System.getProperty("worker.url", "http://localhost:9080");
    static final HttpClient HTTP = HttpClient.newBuilder().sslContext(dev.shaperemote.it.SelfSignedTls.context()).connectTimeout(Duration.ofSeconds(10)).build();

    /** The server's management port (HTTPS), where Liberty's own endpoints (/health, /metrics, /openapi) answer. */
    static final String HTTPS = TestTokens.MANAGEMENT;

    private WorkerServer() {}

    /** The application metrics, from the management port with the administrator's login (/metrics is not for callers). */
    static String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics?scope=application");
        assertEquals(200, r.statusCode(), "/metrics with the administrator's login");
        return r.body();
    }

    /** A TLS context that trusts the test server's self-signed certificate. */
    static SSLContext trustAll() { return dev.shaperemote.it.SelfSignedTls.context(); }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(TestTokens.request(URI.create(URL + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, contentType, body), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return HTTP.send(TestTokens.request(URI.create(URL + path)).timeout(Duration.ofSeconds(60)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Closes a connection: DELETE /api/v1/connections naming it in its header (a token never goes in a URL). */
    static HttpResponse<String> deleteConnection(String token) throws IOException, InterruptedException {
        return HTTP.send(TestTokens.request(URI.create(URL + "/api/v1/connections")).header("Shape-Connection", token)
                .timeout(Duration.ofSeconds(60)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> execute(String code) throws IOException, InterruptedException {
        return post("/api/v1/execute", "application/json", executeBody(code));
    }

    static CompletableFuture<HttpResponse<String>> executeAsync(String code) {
        return HTTP.sendAsync(postRequest("/api/v1/execute", "application/json", executeBody(code)),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON response body, read with the project's own JSON reader (tagged values come back as VM values). */
    static ObjectValue json(HttpResponse<String> response) {
        return assertInstanceOf(ObjectValue.class, JsonValues.parse(response.body()), response.body());
    }

    /** POSTs a wire request stream to {@code /api/v1/wire}, on the connection {@code token} unless it is null. */
    static HttpResponse<byte[]> wire(byte[] stream, String token) throws IOException, InterruptedException {
        HttpRequest.Builder r = TestTokens.request(URI.create(URL + "/api/v1/wire")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-shape-wire").POST(HttpRequest.BodyPublishers.ofByteArray(stream));
        if (token != null) r.header("Shape-Connection", token);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The one message of a wire response stream. */
    static WireMessage answer(HttpResponse<byte[]> response) {
        assertEquals("application/x-shape-wire", response.headers().firstValue("Content-Type").orElse(""));
        List<WireMessage> messages = WireStreamReader.readAll(response.body(), WireLimits.DEFAULT);
        assertEquals(1, messages.size(), messages::toString);
        return messages.get(0);
    }

    /** A new connection token from {@code POST /api/v1/connections}. */
    static String connection() throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v1/connections", "application/json", new byte[0]);
        assertEquals(201, r.statusCode(), r.body());
        return (String) json(r).fields.get("token");
    }

    private static HttpRequest postRequest(String path, String contentType, byte[] body) {
        return TestTokens.request(URI.create(URL + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static byte[] executeBody(String code) {
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
}
