package dev.shaperemote.worker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Live unless the heap is nearly exhausted: the VM budgets bound each run's memory, so a full heap
 * means the process is in a state only a restart cures.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
    private static final double MAX_HEAP_FRACTION = 0.95;

    @Override
    public HealthCheckResponse call() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return HealthCheckResponse.named("shape-worker-heap")
                .status(heap.getUsed() < MAX_HEAP_FRACTION * max)
                .withData("used-bytes", heap.getUsed())
                .withData("max-bytes", max)
                .build();
    }
}
