package dev.shaperemote.worker.jobs;

import dev.shaperemote.remote.Answer;
import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.remote.RequestHandler;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.worker.CallAdmission;
import dev.shaperemote.worker.ConnectionRegistry;
import dev.shaperemote.worker.WireCalls;
import dev.shaperemote.worker.WorkerFailure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs jobs through {@link WireCalls}, the path every binding takes (blobs interned, Execute and Validate
 * served, the deadline answered in-band), and records each one's start and answer in the {@link JobStore}.
 *
 * <p>A job accepted is answered at least once: one that never got a slot (the pool refused it, or its time ran
 * out while it waited) waits in {@link PendingJobs} and is tried again, and at start the jobs a stopped or
 * crashed worker left queued or running are run again from the start. A Shape call has no effect outside its
 * answer, so running one twice is safe.
 */
@ApplicationScoped
public class JobRunner {
    static final String ENDPOINT = "jobs";
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject
    JobStore store;
    @Inject
    WireCalls calls;
    @Inject
    ConnectionRegistry connections;
    @Inject
    CallAdmission admission;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService timers;

    private PendingJobs pending;
    private ScheduledFuture<?> sweeper;

    @PostConstruct
    void init() {
        pending = new PendingJobs((millis, task) -> timers.schedule(task, millis, TimeUnit.MILLISECONDS),
                this::tryStart, admission::isDraining);
    }

    /** Runs again what the last run of the worker left unfinished, and drops expired answers from then on. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        List<WireJob> unfinished = store.reload();
        for (WireJob job : unfinished) pending.add(job.id());
        if (!unfinished.isEmpty()) {
            LOG.info(unfinished.size() + " job(s) left queued or running by the last run of the worker are queued again");
        }
        sweeper = timers.scheduleAtFixedRate(store::sweep, 30, 30, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) sweeper.cancel(false);
    }

    /**
     * Hands a newly accepted job to the pool. Throws {@link WorkerFailure} (Overloaded) at once when pool and
     * queue are full or the worker drains; the caller then withdraws the job.
     */
    void start(WireJob job, List<WireMessage> request) {
        BlobCache shared = job.token() == null ? null : calls.connectionCache(job.token(), job.owner());
        // After a restart the token's connection (and its blobs) may be gone: the job runs on a fresh cache,
        // and a call that needed blobs it no longer has is answered as WireCalls answers it (a missing blob).
        boolean own = shared == null;
        BlobCache cache = own ? calls.newCache() : shared;
        Attempt attempt = new Attempt();
        CompletionStage<Answer> answer;
        try {
            answer = calls.answer(request, cache, ENDPOINT, job.owner(), () -> {
                if (attempt.start()) store.running(job);
            });
        } catch (WorkerFailure refused) {
            if (own) connections.retire(cache);
            throw refused;
        }
        answer.whenComplete((answered, error) -> {
            if (own) connections.retire(cache);
            boolean ran = attempt.end();
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            boolean timedOut = cause == null && answered.errorKind() == RemoteErrorKind.Timeout;
            if (cause instanceof WorkerFailure || (timedOut && !ran)) {
                pending.add(job.id()); // it never ran: not a failure of the job, the pool was busy
                return;
            }
            if (cause != null) {
                LOG.log(Level.WARNING, "job " + job.id() + " failed unexpectedly", cause);
                finish(job, WireJob.Status.failed, new WireMessage.Error(RemoteErrorKind.RuntimeError.name(),
                        "the worker failed while running the job", null));
                return;
            }
            finish(job, timedOut ? WireJob.Status.failed : WireJob.Status.done, answered.message());
        });
    }

    /** Hands a pending job to the pool; false when the pool refused it for now. */
    private boolean tryStart(String id) {
        WireJob job = store.find(id);
        if (job == null || job.finished()) return true;
        List<WireMessage> request;
        try {
            request = WireStreamReader.readAll(store.request(job), calls.limits());
            if (request.isEmpty()) throw new WireException("the stored request stream is empty");
        } catch (CircuitBreakerOpenException e) {
            return false; // the job store keeps failing: the job stays pending until its circuit closes
        } catch (IOException | WireException e) {
            LOG.warning("the stored request of job " + id + " cannot be read; the job failed: " + e.getMessage());
            finish(job, WireJob.Status.failed, RequestHandler.protocolError("the job's stored request could not be read", null));
            return true;
        }
        try {
            start(job, request);
            return true;
        } catch (WorkerFailure refused) {
            return false;
        }
    }

    private void finish(WireJob job, WireJob.Status end, WireMessage answer) {
        store.finish(job, end, calls.responseStream(answer));
    }

    /** One hand-over of a job to the pool: whether it started running, settled once when its answer comes. */
    private static final class Attempt {
        private boolean started;
        private boolean ended;

        /** The call starts; false when its answer (a timeout while it waited) already came. */
        synchronized boolean start() {
            if (ended) return false;
            started = true;
            return true;
        }

        /** Whether the call ran before its answer came. */
        synchronized boolean end() {
            ended = true;
            return started;
        }
    }
}
