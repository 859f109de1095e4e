package dev.shaperemote.client;

import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A worker's batch jobs over its REST API ({@code /api/v1/batches}, docs/OPERATIONS.md): start a map job over
 * an uploaded input, follow its progress, fetch its results, stop and restart it. Plain {@code java.net.http},
 * so an application can use it as the command line does. A refusal of the worker becomes a {@link RemoteCallException}
 * with the worker's kind and message.
 */
public final class WorkerBatches {
    /** One look at a batch: its Jakarta Batch status in lower case, records written and records in all. */
    public record Status(String id, String status, long done, long total, String exitStatus) {
        public boolean finished() {
            return status.equals("completed") || status.equals("failed") || status.equals("stopped") || status.equals("abandoned");
        }
    }

    private final URI base;
    private final HttpClient http;
    private final String bearer;

    /** The batches of the worker at {@code worker}, with the bearer token of {@code SHAPE_REMOTE_TOKEN}. */
    public WorkerBatches(URI worker) { this(worker, null); }

    /** The batches of the worker at {@code worker} for the caller of {@code bearerToken} (null: SHAPE_REMOTE_TOKEN's). */
    public WorkerBatches(URI worker, String bearerToken) {
        this.bearer = WorkerHttp.tokenOrEnv(bearerToken);
        String root = worker.toString();
        this.base = URI.create((root.endsWith("/") ? root : root + "/") + "api/v1/batches");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Uploads {@code input} (JSONL, or a request stream when {@code wire}) and starts mapping {@code function} of
     * {@code source} over it; the body streams from the file, so its size does not matter here.
     */
    public Status start(String source, String function, Path input, boolean wire, Integer checkpoint) {
        StringBuilder query = new StringBuilder("?function=").append(encode(function)).append("&source=").append(encode(source));
        if (checkpoint != null) query.append("&checkpoint=").append(checkpoint);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input, e);
        }
        HttpRequest request = request(URI.create(base + query.toString()))
                .header("Content-Type", wire ? WireHttp.MEDIA_TYPE : "application/x-ndjson")
                .POST(body).build();
        return parse(send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    public Status status(String id) {
        return parse(send(request(URI.create(base + "/" + encode(id))).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Polls every {@code every} until the batch is finished, telling {@code progress} of each look. */
    public Status await(String id, Duration every, Consumer<Status> progress) throws InterruptedException {
        while (true) {
            Status s = status(id);
            progress.accept(s);
            if (s.finished()) return s;
            Thread.sleep(every.toMillis());
        }
    }

    /** Copies the batch's results (one JSON line per record, in input order) to {@code out}. */
    public void output(String id, OutputStream out) throws IOException {
        HttpResponse<InputStream> r = send(request(URI.create(base + "/" + encode(id) + "/output")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            in.transferTo(out);
        }
        out.flush();
    }

    public Status stop(String id) { return post(id, "stop"); }

    public Status restart(String id) { return post(id, "restart"); }

    private Status post(String id, String action) {
        HttpRequest request = request(URI.create(base + "/" + encode(id) + "/" + action))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return parse(send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpRequest.Builder request(URI uri) { return WorkerHttp.authorized(HttpRequest.newBuilder(uri), bearer); }

    /** The response when the worker accepted the request; its refusal as a RemoteCallException when not. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return WorkerHttp.accepted(WorkerHttp.exchange(http, request, handler, base.resolve("/")));
    }

    private static Status parse(String json) {
        Object parsed;
        try {
            parsed = JsonValues.parse(json);
        } catch (ShapeError e) {
            throw new RemoteCallException(RemoteErrorKind.ProtocolError, "the worker's batch status is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof ObjectValue o) || !(o.fields.get("id") instanceof String id) || !(o.fields.get("status") instanceof String status)) {
            throw new RemoteCallException(RemoteErrorKind.ProtocolError, "the worker's batch status lacks id or status: " + json);
        }
        return new Status(id, status, number(o, "done"), number(o, "total"),
                o.fields.get("exit_status") instanceof String e ? e : null);
    }

    private static long number(ObjectValue o, String field) { return o.fields.get(field) instanceof Long n ? n : -1; }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
