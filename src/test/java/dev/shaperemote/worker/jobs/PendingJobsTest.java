package dev.shaperemote.worker.jobs;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingJobsTest {
    /** A timer driven by hand: it records each task with its delay and runs them one at a time. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<Long> delays = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private final Set<String> refusing = new HashSet<>();
    private boolean draining;

    private final PendingJobs pending = new PendingJobs((millis, task) -> {
        delays.add(millis);
        tasks.add(task);
    }, id -> {
        if (refusing.contains(id)) return false;
        started.add(id);
        return true;
    }, () -> draining);

    private void tick() { tasks.poll().run(); }

    @Test
    void jobsAreHandedOverInTheOrderTheyCame() {
        pending.add("a");
        pending.add("b");
        pending.add("c");
        assertEquals(1, tasks.size(), "one hand-over runs at a time");
        tick();
        assertEquals(List.of("a", "b", "c"), started);
        assertEquals(0, pending.size());
        assertTrue(tasks.isEmpty());
    }

    @Test
    void aRefusedJobIsTriedAgainAfterPausesThatDoubleUpToTheMaximumAndKeepsItsPlace() {
        refusing.add("a");
        pending.add("a");
        pending.add("b");
        tick();
        for (int i = 0; i < 10; i++) tick();
        assertEquals(List.of(), started, "nothing overtakes the refused job");
        assertEquals(2, pending.size());
        assertEquals(List.of(0L, 100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L, 5000L), delays);

        refusing.clear();
        tick();
        assertEquals(List.of("a", "b"), started);
        assertEquals(0, pending.size());

        refusing.add("c");
        pending.add("c");
        tick();
        assertEquals(100L, delays.get(delays.size() - 1), "the pause starts small again after a success");
    }

    @Test
    void whileTheWorkerDrainsNothingIsHandedOverAndAfterUndrainEverythingIs() {
        draining = true;
        pending.add("a");
        pending.add("b");
        for (int i = 0; i < 5; i++) tick();
        assertEquals(List.of(), started);
        draining = false;
        tick();
        assertEquals(List.of("a", "b"), started);
    }

    @Test
    void aFaultWhileHandingOverKeepsTheJob() {
        PendingJobs failing = new PendingJobs((millis, task) -> tasks.add(task), id -> {
            throw new IllegalStateException("boom");
        }, () -> false);
        failing.add("a");
        tick();
        assertEquals(1, failing.size());
        assertEquals(1, tasks.size(), "it is tried again later");
    }
}
