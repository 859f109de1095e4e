package dev.shaperemote.client;

import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker list of a fleet's clients: turns, cool-down, which failures move a call on and how far. */
class WorkerPoolTest {
    static final URI A = URI.create("http://a:9080/"), B = URI.create("http://b:9080/"), C = URI.create("http://c:9080/");

    final AtomicLong now = new AtomicLong();
    final WorkerPool pool = new WorkerPool(List.of(A, B, C), Duration.ofSeconds(5), now::get);

    static WorkerPool.Unavailable down(URI w) {
        return new WorkerPool.Unavailable(w, "connection refused", new RemoteCallException(RemoteErrorKind.Overloaded, "cannot reach " + w), null);
    }

    static WorkerPool.Unavailable busy(URI w) {
        return new WorkerPool.Unavailable(w, "HTTP 503", new RemoteCallException(RemoteErrorKind.Overloaded, "busy " + w), Duration.ZERO);
    }

    @Test
    void callsTakeTheWorkersInTurn() {
        List<URI> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) first.add(pool.call(0, w -> w));
        assertEquals(List.of(A, B, C, A, B, C), first);
    }

    @Test
    void urlsAreNormalisedAndRepeatsDropped() {
        WorkerPool p = new WorkerPool(List.of(URI.create("http://a:9080"), A, URI.create("http://b:9080")));
        assertEquals(List.of(A, B), p.workers());
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(List.of()));
    }

    @Test
    void aWorkerThatCannotAnswerPassesTheCallOnAndGoesLastUntilItsCoolDownEnds() {
        List<URI> tried = new ArrayList<>();
        assertEquals(B, pool.call(0, w -> {
            tried.add(w);
            if (w.equals(A)) throw down(w);
            return w;
        }));
        assertEquals(List.of(A, B), tried);
        // cooling down: A is skipped while others are there, whoever's turn it is
        for (int i = 0; i < 6; i++) assertEquals(A, pool.order().get(2), "turn " + i);
        now.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
        List<URI> firsts = new ArrayList<>();
        for (int i = 0; i < 3; i++) firsts.add(pool.order().get(0));
        assertTrue(firsts.contains(A), "after the cool-down A takes its turn again: " + firsts);
    }

    @Test
    void whenEveryWorkerIsCoolingDownTheyAreStillTriedSoonestBackFirst() {
        List<URI> tried = new ArrayList<>();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> pool.call(0, w -> {
            tried.add(w);
            now.addAndGet(1_000); // A fails first, C last
            throw down(w);
        }));
        assertEquals(3, tried.size());
        tried.clear();
        assertEquals(C, pool.call(0, w -> {
            tried.add(w);
            if (!w.equals(C)) throw down(w);
            return w;
        }));
        assertEquals(List.of(A, B, C), tried, "A failed first, so it is back first");
        assertEquals(RemoteErrorKind.Overloaded, e.kind());
    }

    @Test
    void everyWorkerDownFailsOnceEachWithAMessageNamingThem() {
        List<URI> tried = new ArrayList<>();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> pool.call(3, w -> { tried.add(w); throw down(w); }));
        assertEquals(3, tried.size(), "unreachable workers are not waited for: one round");
        assertEquals(RemoteErrorKind.Overloaded, e.kind());
        assertEquals("no worker answered; tried http://a:9080/ (connection refused), http://b:9080/ (connection refused), "
                + "http://c:9080/ (connection refused)", e.getMessage());
    }

    @Test
    void busyWorkersEverywhereAreAskedAgainAfterRetryAfterABoundedNumberOfRounds() {
        List<URI> tried = new ArrayList<>();
        assertThrows(RemoteCallException.class, () -> pool.call(2, w -> { tried.add(w); throw busy(w); }));
        assertEquals(9, tried.size(), "three rounds of three workers");
        tried.clear();
        pool.call(2, w -> {
            tried.add(w);
            if (tried.size() < 5) throw busy(w);
            return w;
        });
        assertEquals(5, tried.size(), "the second round answered");
    }

    @Test
    void anAnswerThatIsNotUnavailabilityIsNotTakenElsewhere() {
        List<URI> tried = new ArrayList<>();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> pool.call(3, w -> {
            tried.add(w);
            throw new RemoteCallException(RemoteErrorKind.RuntimeError, "division by zero");
        }));
        assertEquals(List.of(A), tried);
        assertEquals("division by zero", e.getMessage());
        assertEquals(B, pool.order().get(0), "A answered: no cool-down, B's turn");
    }

    @Test
    void aLoneWorkerFailsWithItsOwnFailure() {
        WorkerPool one = new WorkerPool(List.of(A));
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> one.call(0, w -> { throw down(w); }));
        assertEquals("cannot reach http://a:9080/", e.getMessage());
        assertEquals("cannot reach http://a:9080/", assertThrows(RemoteCallException.class,
                () -> WorkerPool.on(A, w -> { throw down(w); })).getMessage());
    }
}
