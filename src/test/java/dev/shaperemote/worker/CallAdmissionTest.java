package dev.shaperemote.worker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CallAdmission#awaitUndrained}: the wait batch jobs pause in while the worker drains. */
class CallAdmissionTest {

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
