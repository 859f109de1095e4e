package dev.shaperemote.worker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallAdmissionTest {
    /** A call that records whether it ran and whether it was cancelled. */
    private static final class Probe implements CancellableCall<String> {
        final AtomicBoolean ran = new AtomicBoolean(), cancelled = new AtomicBoolean();

        @Override public String call() {
            ran.set(true);
            return "ran";
        }

        @Override public void cancel() { cancelled.set(true); }
    }

    private static Quotas.Permit permit(AtomicInteger held) {
        held.incrementAndGet();
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> { if (open.compareAndSet(true, false)) held.decrementAndGet(); };
    }

    @Test
    void aCallIsCountedWaitingThenRunningThenNeitherAndGivesItsPermitBackBeforeItsResultIsUsed() throws Exception {
        CallAdmission admission = new CallAdmission(1, 1);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger runningDuring = new AtomicInteger(-1);
        CallSlot<String> slot = new CallSlot<>(new CancellableCall<>() {
            @Override public String call() {
                runningDuring.set(admission.runningCount());
                return "ok";
            }

            @Override public void cancel() {}
        }, permit(held), admission);
        admission.accept();
        assertEquals(1, admission.queueDepth());
        assertEquals("ok", slot.run());
        assertEquals(1, runningDuring.get());
        assertEquals(0, admission.queueDepth());
        assertEquals(0, admission.runningCount());
        assertEquals(0, held.get(), "the permit is back as soon as the call's work ends");
        slot.release();
        assertEquals(0, held.get(), "and only once");
    }

    @Test
    void aCallWhoseDeadlinePassedWhileItWaitedNeverRunsAndIsNotCancelled() throws Exception {
        CallAdmission admission = new CallAdmission(1, 1);
        AtomicInteger held = new AtomicInteger();
        Probe probe = new Probe();
        CallSlot<String> slot = new CallSlot<>(probe, permit(held), admission);
        admission.accept();
        assertFalse(slot.timedOut(), "it was waiting, not running");
        assertEquals(0, admission.queueDepth());
        assertEquals(0, held.get());
        assertNull(slot.run(), "a late start of a given-up call does nothing");
        assertFalse(probe.ran.get());
        assertFalse(probe.cancelled.get());
        assertEquals(0, admission.runningCount());
    }

    @Test
    void aRunningCallThatTimesOutIsCancelledAndAStoppingApplicationInterruptsItsThread() throws Exception {
        CallAdmission admission = new CallAdmission(1, 1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean(), interrupted = new AtomicBoolean();
        CallSlot<String> slot = new CallSlot<>(new CancellableCall<>() {
            @Override public String call() {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return "stopped";
            }

            @Override public void cancel() { cancelled.set(true); }
        }, null, admission);
        admission.accept();
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
            try {
                return slot.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(started.await(60, TimeUnit.SECONDS));
        assertEquals(1, admission.runningCount());
        admission.stopRunning();
        assertEquals("stopped", result.get(60, TimeUnit.SECONDS));
        assertTrue(cancelled.get());
        assertTrue(interrupted.get());
        assertEquals(0, admission.runningCount());
        assertFalse(slot.timedOut(), "a call that ended is neither waiting nor running");
    }

    @Test
    void aRefusedCallLeavesTheQueueAndCountsAsRejected() {
        CallAdmission admission = new CallAdmission(1, 1);
        AtomicInteger held = new AtomicInteger();
        CallSlot<String> slot = new CallSlot<>(new Probe(), permit(held), admission);
        admission.accept();
        slot.refused();
        WorkerFailure busy = admission.busy();
        assertEquals(0, admission.queueDepth());
        assertEquals(0, held.get());
        assertEquals(1, admission.rejectedCount());
        assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
    }

    @Test
    void aDrainingWorkerRefusesNewCalls() {
        CallAdmission admission = new CallAdmission(1, 1);
        admission.drain();
        assertThrows(WorkerFailure.class, admission::accept);
        assertEquals(0, admission.queueDepth());
        assertEquals(1, admission.rejectedCount());
    }

    @Test
    void awaitUndrainedAnswersAtOnceWhenNotDrainingAndFalseWhenTheDrainOutlastsTheWait() throws Exception {
        CallAdmission admission = new CallAdmission();
        assertTrue(admission.awaitUndrained(Duration.ofDays(1)));
        admission.drain();
        assertFalse(admission.awaitUndrained(Duration.ofMillis(20)));
    }

    @Test
    void undrainWakesAWaiter() throws Exception {
        CallAdmission admission = new CallAdmission();
        admission.drain();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return admission.awaitUndrained(Duration.ofDays(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        admission.undrain();
        assertTrue(waiter.get(60, TimeUnit.SECONDS));
    }
}
