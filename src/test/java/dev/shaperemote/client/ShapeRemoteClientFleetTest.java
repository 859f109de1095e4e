package dev.shaperemote.client;

import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ShapeRemoteClient} given several workers: calls spread over them, and move on only when no answer came. */
class ShapeRemoteClientFleetTest {
    static final Program ADD = ShapeCompiler.compile("fn add(a, b) { a + b }");

    final FakeWorker good = new FakeWorker(), other = new FakeWorker();

    @AfterEach void stop() {
        good.close();
        other.close();
    }

    private ShapeRemoteClient client(URI... workers) { return new ShapeRemoteClient(List.of(workers), "bearer"); }

    @Test
    void aDeadWorkerIsPassedOverAndEveryCallIsAnswered() {
        URI dead = FakeWorker.dead();
        try (ShapeRemoteClient client = client(dead, good.url())) {
            for (long i = 0; i < 8; i++) assertEquals(i + 100, client.call(ADD, "add", List.of(i, 100L)));
        }
        assertEquals(8, good.requestIds.size());
        assertEquals(8, new HashSet<>(good.requestIds).size(), "each call its own request_id");
    }

    @Test
    void callsTakeTheWorkersInTurnOnOneFleetConnection() {
        try (ShapeRemoteClient client = client(good.url(), other.url())) {
            for (long i = 0; i < 6; i++) assertEquals(i + 1, client.call(ADD, "add", List.of(i, 1L)));
        }
        assertEquals(3, good.requestIds.size());
        assertEquals(3, other.requestIds.size());
        Set<String> tokens = new HashSet<>(good.connections);
        tokens.addAll(other.connections);
        assertEquals(Set.of("fleet-token"), tokens, "the token opened on one worker is used on both");
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void aBusyOrStoppingWorkerPassesTheSameRequestOnAtOnce(int status) {
        other.otherwise = FakeWorker.status(status, "Overloaded", status == 503 ? "30" : null);
        try (ShapeRemoteClient client = client(good.url(), other.url())) {
            long started = System.nanoTime();
            for (long i = 0; i < 4; i++) assertEquals(i + 2, client.call(ADD, "add", List.of(i, 2L)));
            assertTrue(System.nanoTime() - started < 10_000_000_000L, "no Retry-After waited while another worker answers");
        }
        assertEquals(1, other.requestIds.size(), "tried once, then skipped while it cools down");
        assertEquals(4, good.requestIds.size());
        assertTrue(good.requestIds.contains(other.requestIds.get(0)), "the same request_id on the other worker");
        assertNotNull(other.requestIds.get(0));
    }

    @Test
    void aConnectionClosedBeforeTheAnswerPassesTheSameRequestOn() {
        other.otherwise = FakeWorker.HANG_UP;
        try (ShapeRemoteClient client = client(good.url(), other.url())) {
            for (long i = 0; i < 3; i++) assertEquals(i + 3, client.call(ADD, "add", List.of(i, 3L)));
        }
        assertFalse(other.requestIds.isEmpty());
        assertTrue(good.requestIds.containsAll(other.requestIds), good.requestIds + " " + other.requestIds);
    }

    @ParameterizedTest
    @CsvSource({"400, ProtocolError", "401, Unauthorized", "403, Unauthorized", "404, FunctionNotFound", "413, ProtocolError"})
    void aRefusalStaysWithTheWorkerThatRefused(int status, String kind) {
        other.otherwise = FakeWorker.status(status, kind, null);
        assertOnlyTheRefusingWorkerSawIt(RemoteErrorKind.valueOf(kind));
    }

    @Test
    void theCallsOwnErrorIsNotRunAgainElsewhere() {
        other.otherwise = FakeWorker.callError("RuntimeError");
        assertOnlyTheRefusingWorkerSawIt(RemoteErrorKind.RuntimeError);
    }

    /** Two calls, one for each worker in turn: {@code other}'s fails with {@code kind} and never reaches {@code good}. */
    private void assertOnlyTheRefusingWorkerSawIt(RemoteErrorKind kind) {
        List<RemoteCallException> failures = new ArrayList<>();
        try (ShapeRemoteClient client = client(good.url(), other.url())) {
            for (long i = 0; i < 2; i++) {
                try {
                    assertEquals(i + 4, client.call(ADD, "add", List.of(i, 4L)));
                } catch (RemoteCallException e) {
                    failures.add(e);
                }
            }
        }
        assertEquals(1, failures.size(), "one call failed");
        assertEquals(kind, failures.get(0).kind(), failures.get(0).getMessage());
        assertEquals(1, other.requestIds.size());
        assertEquals(1, good.requestIds.size());
        assertFalse(good.requestIds.contains(other.requestIds.get(0)));
    }

    @Test
    void aCallersQuotaIsWaitedOutOnTheSameWorkerNeverElsewhere() {
        other.script.add(FakeWorker.status(429, "Overloaded", "0"));
        try (ShapeRemoteClient client = client(good.url(), other.url())) {
            for (long i = 0; i < 2; i++) assertEquals(i + 5, client.call(ADD, "add", List.of(i, 5L)));
        }
        assertEquals(2, other.requestIds.size(), "asked again after Retry-After");
        assertEquals(other.requestIds.get(0), other.requestIds.get(1), "the same request");
        assertEquals(1, good.requestIds.size());
        assertFalse(good.requestIds.contains(other.requestIds.get(0)));
    }

    @Test
    void everyWorkerDownFailsNamingTheWorkersTried() {
        URI a = FakeWorker.dead(), b = FakeWorker.dead();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> {
            try (ShapeRemoteClient client = client(a, b)) {
                client.call(ADD, "add", List.of(1L, 1L));
            }
        });
        assertEquals(RemoteErrorKind.Overloaded, e.kind());
        assertTrue(e.getMessage().startsWith("no worker answered; tried "), e.getMessage());
        assertTrue(e.getMessage().contains(a + "/ (connection refused)") && e.getMessage().contains(b + "/ (connection refused)"), e.getMessage());
    }

    @Test
    void everyWorkerBusyIsWaitedOutThenAnswered() {
        good.script.add(FakeWorker.status(503, "Overloaded", "0"));
        other.script.add(FakeWorker.status(503, "Overloaded", "0"));
        try (ShapeRemoteClient client = client(good.url(), other.url())) {
            assertEquals(9L, client.call(ADD, "add", List.of(4L, 5L)));
        }
        List<Long> all = new ArrayList<>(good.requestIds);
        all.addAll(other.requestIds);
        assertEquals(3, all.size(), "both busy, then one answered");
        assertEquals(1, new HashSet<>(all).size(), "one request_id throughout");
    }

    @Test
    void aLoneWorkerDownFailsAsBefore() {
        RemoteCallException e = assertThrows(RemoteCallException.class,
                () -> new ShapeRemoteClient(FakeWorker.dead(), "bearer").call(ADD, "add", List.of(1L, 1L)));
        assertTrue(e.getMessage().startsWith("cannot reach the worker at http://127.0.0.1:"), e.getMessage());
    }
}
