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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A worker's batch jobs over its REST API ({@code /api/v1/batches}, docs/OPERATIONS.md): start a map job over
 * an uploaded input, follow its progress, fetch its results, stop and restart it. Plain {@code java.net.http},
 * so an application can use it as the command line does. A refusal of the worker becomes a {@link RemoteCallException}
 * with the worker's kind and message.
 *
 * <p>Given several workers of a fleet, it submits each batch to the next one in turn and, when that one cannot
 * take it (not reached, 502, 503, 504), to another ({@link WorkerPool}). A batch then lives on the worker that
 * accepted it (workers do not share batches yet): its status, results, stop and restart go to that worker alone,
 * and fail while it is down. A batch this object did not start (an id from elsewhere) is asked of the first worker
 * that answers, and stays with it.
 */
public final class WorkerBatches {
    /** One look at a batch: its Jakarta Batch status in lower case, records written and records in all. */
    public record Status(String id, String status, long done, long total, String exitStatus) {
        public boolean finished() {
            return status.equals("completed") || status.equals("failed") || status.equals("stopped") || status.equals("abandoned");
        }
    }

    private final WorkerPool workers;
    private final HttpClient http;
    private final String bearer;
    /** Each batch id this object knows, to the worker that holds it. */
    private final Map<String, URI> holders = new ConcurrentHashMap<>();

    /** The batches of the worker at {@code worker}, with the bearer token of {@code SHAPE_REMOTE_TOKEN}. */
    public WorkerBatches(URI worker) { this(worker, null); }

    /** The batches of the worker at {@code worker} for the caller of {@code bearerToken} (null: SHAPE_REMOTE_TOKEN's). */
    public WorkerBatches(URI worker, String bearerToken) { this(new WorkerPool(List.of(worker)), bearerToken); }

    /** The batches of a fleet's {@code workers} for the caller of {@code bearerToken} (null: SHAPE_REMOTE_TOKEN's). */
    public WorkerBatches(List<URI> workers, String bearerToken) { this(new WorkerPool(workers), bearerToken); }

    public WorkerBatches(WorkerPool workers, String bearerToken) {
        this.bearer = WorkerHttp.tokenOrEnv(bearerToken);
        this.workers = workers;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Uploads {@code input} (JSONL, or a request stream when {@code wire}) and starts mapping {@code function} of
     * {@code source} over it on the first worker that takes it; the body streams from the file, so its size does
     * not matter here.
     */
    public Status start(String source, String function, Path input, boolean wire, Integer checkpoint) {
        return start(source, function, input, wire, checkpoint, null);
    }

    /**
     * As {@link #start(String, String, Path, boolean, Integer)}, split into {@code partitions} ranges of records that
     * run at once (null: the worker's default), on several workers when the worker is one of a fleet.
     */
    public Status start(String source, String function, Path input, boolean wire, Integer checkpoint, Integer partitions) {
        StringBuilder query = new StringBuilder("?function=").append(encode(function)).append("&source=").append(encode(source));
        if (checkpoint != null) query.append("&checkpoint=").append(checkpoint);
        if (partitions != null) query.append("&partitions=").append(partitions);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input, e);
        }
        return workers.call(0, worker -> {
            HttpRequest request = request(worker, query.toString())
                    .header("Content-Type", wire ? WireHttp.MEDIA_TYPE : "application/x-ndjson")
                    .POST(body).build();
            Status started = parse(send(worker, request, HttpResponse.BodyHandlers.ofString()).body());
            holders.put(started.id(), worker);
            return started;
        });
    }

    public Status status(String id) {
        return on(id, worker -> parse(send(worker, request(worker, "/" + encode(id)).GET().build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    /** The worker that holds batch {@code id}, as far as this object knows: null before it started or looked at it. */
    public URI workerOf(String id) { return holders.get(id); }

    /** What {@code attempt} answers on the worker that holds batch {@code id}; an unknown id goes to the first that answers. */
    private <T> T on(String id, Function<URI, T> attempt) {
        URI holder = holders.get(id);
        if (holder != null) return WorkerPool.on(holder, attempt);
        return workers.call(0, worker -> {
            T answer = attempt.apply(worker);
            holders.putIfAbsent(id, worker);
            return answer;
        });
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
        HttpResponse<InputStream> r = on(id, worker -> send(worker, request(worker, "/" + encode(id) + "/output").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()));
        try (InputStream in = r.body()) {
            in.transferTo(out);
        }
        out.flush();
    }

    public Status stop(String id) { return post(id, "stop"); }

    public Status restart(String id) { return post(id, "restart"); }

    private Status post(String id, String action) {
        return on(id, worker -> parse(send(worker, request(worker, "/" + encode(id) + "/" + action)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    /** A request to {@code api/v1/batches} of {@code worker} followed by {@code rest} (a path or a query). */
    private HttpRequest.Builder request(URI worker, String rest) {
        return WorkerHttp.authorized(HttpRequest.newBuilder(URI.create(worker.resolve("api/v1/batches") + rest)), bearer);
    }

    /** The response when the worker accepted the request; its refusal as a RemoteCallException when not. */
    private <T> HttpResponse<T> send(URI worker, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return WorkerHttp.accepted(WorkerHttp.available(WorkerHttp.exchange(http, request, handler, worker), worker));
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
