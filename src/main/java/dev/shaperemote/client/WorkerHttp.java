package dev.shaperemote.client;

import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.JsonValues;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One exchange with a worker's REST API, for the HTTP clients here: a worker that cannot be reached, and a
 * refusal with the worker's {@code Error} body ({@code {"kind", "message"}}), both become a
 * {@link RemoteCallException} with a kind and a message a user can act on.
 */
final class WorkerHttp {
    private WorkerHttp() {}

    /**
     * The response, whatever its status. A worker that could not have answered (connection refused, reset or closed
     * before a response, GOAWAY, connect timeout) is {@link WorkerPool.Unavailable}: another worker may take the
     * request; alone, it is Overloaded (safe to retry later).
     */
    static <T> HttpResponse<T> exchange(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler, URI worker) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(worker, "connect timed out", "cannot reach the worker at " + worker + " (connect timed out); is it running?");
        } catch (HttpTimeoutException e) {
            // the request went out and the worker may be running it: not another worker's to repeat
            throw new RemoteCallException(RemoteErrorKind.Overloaded, "the exchange with the worker at " + worker + " failed: " + e.getMessage());
        } catch (ConnectException e) {
            throw unreachable(worker, "connection refused", "cannot reach the worker at " + worker + " (connection refused); is it running?");
        } catch (IOException e) {
            throw unreachable(worker, String.valueOf(e.getMessage()), "the exchange with the worker at " + worker + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException(RemoteErrorKind.Timeout, "interrupted while waiting for the worker");
        }
    }

    private static WorkerPool.Unavailable unreachable(URI worker, String reason, String message) {
        return new WorkerPool.Unavailable(worker, reason, new RemoteCallException(RemoteErrorKind.Overloaded, message), null);
    }

    /**
     * The response unless the worker is unavailable: 502 or 504 (a gateway without a worker behind it) or 503 (a busy
     * or stopping worker, to be asked again after its Retry-After) become {@link WorkerPool.Unavailable}, whose
     * failure is the worker's refusal.
     */
    static <T> HttpResponse<T> available(HttpResponse<T> response, URI worker) {
        int status = response.statusCode();
        if (status != 502 && status != 503 && status != 504) return response;
        throw new WorkerPool.Unavailable(worker, "HTTP " + status, refusal(response), status == 503 ? retryAfter(response) : null);
    }

    private static final Duration LONGEST_RETRY_WAIT = Duration.ofSeconds(30);

    /** The response's Retry-After (1 s when it has none or a date), at most 30 s. */
    static Duration retryAfter(HttpResponse<?> r) {
        long seconds = r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L);
        Duration wait = Duration.ofSeconds(Math.max(0, seconds));
        return wait.compareTo(LONGEST_RETRY_WAIT) > 0 ? LONGEST_RETRY_WAIT : wait;
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException(RemoteErrorKind.Timeout, "interrupted while waiting to retry");
        }
    }

    /** The response when its status is 2xx; otherwise its refusal as an exception. */
    static <T> HttpResponse<T> accepted(HttpResponse<T> response) {
        if (response.statusCode() / 100 == 2) return response;
        throw refusal(response);
    }

    /** A refusal's Error body as an exception with the worker's kind; the bare status when the body is not one. */
    static RemoteCallException refusal(HttpResponse<?> response) {
        String body;
        try {
            Object b = response.body();
            body = b instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : b instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : String.valueOf(b);
        } catch (IOException e) {
            body = "";
        }
        try {
            if (JsonValues.parse(body) instanceof ObjectValue o && o.fields.get("kind") instanceof String kind) {
                return new RemoteCallException(kindOf(kind), o.fields.get("message") + " (HTTP " + response.statusCode() + ")");
            }
        } catch (ShapeError notJson) {
            // not an Error body: say what came back
        }
        return switch (response.statusCode()) {
            case 401 -> new RemoteCallException(RemoteErrorKind.Unauthorized, "the worker wants a valid bearer token: pass --token or set "
                    + TOKEN_ENV + " (a local worker takes the tokens of: shape-remote token --subject NAME)");
            case 403 -> new RemoteCallException(RemoteErrorKind.Unauthorized, "the token's groups do not allow this operation");
            default -> new RemoteCallException(RemoteErrorKind.ProtocolError, "the worker answered HTTP " + response.statusCode());
        };
    }

    /** The environment variable that holds the bearer token when none is given. */
    static final String TOKEN_ENV = "SHAPE_REMOTE_TOKEN";

    /** The token given, or the environment's when none was; null when neither. */
    static String tokenOrEnv(String token) {
        if (token != null && !token.isBlank()) return token.strip();
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }

    /** Adds the bearer token, if there is one, to a request. */
    static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** The kind the worker named; RuntimeError for a name this client does not know. */
    static RemoteErrorKind kindOf(String kind) {
        RemoteErrorKind known = RemoteErrorKind.named(kind);
        return known != null ? known : RemoteErrorKind.RuntimeError;
    }
}
