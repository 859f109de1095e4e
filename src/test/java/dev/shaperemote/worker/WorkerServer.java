package dev.shaperemote.worker;

import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.JsonValues;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Liberty server the build started for the integration tests (liberty-maven-plugin, server
 * {@code shapeIt}); its URL comes from the {@code worker.url} system property that failsafe sets.
 */
final class WorkerServer {
    static final String URL = System.getProperty("worker.url", "http://localhost:9080");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WorkerServer() {}

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, contentType, body), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(60)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
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

    private static HttpRequest postRequest(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(60))
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
