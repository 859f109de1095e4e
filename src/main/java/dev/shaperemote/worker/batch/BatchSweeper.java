package dev.shaperemote.worker.batch;

import dev.shaperemote.worker.DiskSweep;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Expires batch files: every {@code shape.worker.disk.sweep-interval-seconds}, the uploads, stored sources and
 * results under the batch directory that were last written more than {@code shape.worker.batch.retention-seconds}
 * ago are deleted, except those a running batch reads or writes. A stopped or failed batch can therefore be
 * restarted, and a finished one's output fetched, within the retention time.
 */
@ApplicationScoped
public class BatchSweeper {
    /** The subdirectories of the batch directory the worker itself writes (inputs named by callers are theirs). */
    static final String[] SWEPT = {"uploads", "sources", "results"};
    private static final Logger LOG = Logger.getLogger(BatchSweeper.class.getName());

    @Inject
    BatchConfig batch;
    @Inject @ConfigProperty(name = "shape.worker.batch.retention-seconds") long retentionSeconds;
    @Inject @ConfigProperty(name = "shape.worker.disk.sweep-interval-seconds") long intervalSeconds;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService timers;

    private ScheduledFuture<?> sweeper;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long every = Math.max(1, intervalSeconds);
        sweeper = timers.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) sweeper.cancel(false);
    }

    /** One sweep; never throws (a scheduled task that throws is not run again). */
    void sweep() {
        try {
            Set<Path> inUse = inUse();
            Instant now = Instant.now();
            int deleted = 0;
            for (String sub : SWEPT) {
                deleted += DiskSweep.sweep(batch.dir().resolve(sub), Duration.ofSeconds(Math.max(0, retentionSeconds)), now, inUse::contains);
            }
            if (deleted > 0) LOG.info(deleted + " expired batch file(s) deleted (older than " + retentionSeconds + " s)");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the sweep of expired batch files failed; it runs again later", e);
        }
    }

    /** The files running batches read or write. */
    private static Set<Path> inUse() {
        Set<Path> files = new HashSet<>();
        JobOperator op = BatchRuntime.getJobOperator();
        for (String job : BatchesResource.JOBS) {
            try {
                for (Long execution : op.getRunningExecutions(job)) {
                    Properties p = op.getParameters(execution);
                    if (p == null) continue;
                    for (String key : new String[] {"input", "output", "sourceFile"}) {
                        String name = p.getProperty(key);
                        if (name != null) files.add(Path.of(name).toAbsolutePath().normalize());
                    }
                }
            } catch (NoSuchJobException e) {
                // no batch of this job ever ran
            }
        }
        return files;
    }
}
