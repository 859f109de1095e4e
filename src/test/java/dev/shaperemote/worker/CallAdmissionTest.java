package dev.shaperemote.worker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CallAdmission}: slots by turns of callers, and the wait batch jobs pause in while the worker drains. */
class CallAdmissionTest {

    @Test
    void aFreedSlotGoesToTheCallersInTurnSoOneWithManyQueuedDelaysAnotherByOneCall() {
        CallAdmission admission = new CallAdmission(1, 10);
        List<String> started = new ArrayList<>();
        admission.admit(() -> started.add("a1"), "alice"); // takes the one slot
        for (int i = 2; i <= 5; i++) {
            String name = "a" + i;
            admission.admit(() -> started.add(name), "alice");
        }
        admission.admit(() -> started.add("b1"), "bob");
        admission.admit(() -> started.add("b2"), "bob");
        assertEquals(6, admission.queueDepth());
        for (int i = 0; i < 6; i++) admission.release();
        assertEquals(List.of("a1", "a2", "b1", "a3", "b2", "a4", "a5"), started);
        assertEquals(0, admission.queueDepth());
        admission.release();
        assertEquals(0, admission.runningCount());
    }

    @Test
    void theQueueBoundCountsEveryCallersCallsAndAWithdrawnCallLeavesItsTurn() {
        CallAdmission admission = new CallAdmission(1, 2);
        List<String> started = new ArrayList<>();
        admission.admit(() -> started.add("a1"), "alice");
        Runnable a2 = () -> started.add("a2");
        admission.admit(a2, "alice");
        admission.admit(() -> started.add("b1"), "bob");
        assertThrows(WorkerFailure.class, () -> admission.admit(() -> started.add("c1"), "carol"));
        assertTrue(admission.withdraw(a2));
        assertFalse(admission.withdraw(a2));
        admission.release();
        assertEquals(List.of("a1", "b1"), started);
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
