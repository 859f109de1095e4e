package dev.shaperemote.worker.jms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedeliveryDelayTest {
    @Test
    void theWaitDoublesWithEachDeliveryUpToTheCap() {
        assertEquals(1000, RedeliveryDelay.millis(1000, 1));
        assertEquals(2000, RedeliveryDelay.millis(1000, 2));
        assertEquals(4000, RedeliveryDelay.millis(1000, 3));
        assertEquals(RedeliveryDelay.MAX_MILLIS, RedeliveryDelay.millis(1000, 10));
        assertEquals(RedeliveryDelay.MAX_MILLIS, RedeliveryDelay.millis(1000, Integer.MAX_VALUE));
        assertEquals(1000, RedeliveryDelay.millis(1000, 0));
        assertEquals(0, RedeliveryDelay.millis(0, 3));
    }
}
