package dev.shaperemote.worker.jobs;

import dev.shaperemote.wire.WireMessage;

import java.time.Instant;

/**
 * One request stream submitted to {@code /api/v1/jobs}: its status and, once finished, the answer both as
 * a message (for the JSON form) and as the encoded response stream.
 */
final class WireJob {
    enum Status { queued, running, done, failed }

    private final String id;
    private final Instant submittedAt;
    private volatile Status status = Status.queued;
    private volatile WireMessage answer;
    private volatile byte[] stream;
    private volatile Instant finishedAt;

    WireJob(String id, Instant submittedAt) {
        this.id = id;
        this.submittedAt = submittedAt;
    }

    String id() { return id; }

    Instant submittedAt() { return submittedAt; }

    Status status() { return status; }

    WireMessage answer() { return answer; }

    byte[] stream() { return stream; }

    Instant finishedAt() { return finishedAt; }

    boolean finished() { return finishedAt != null; }

    void started() { if (status == Status.queued) status = Status.running; }

    /** {@code done}: the request was answered (a user program's failure included); {@code failed}: the worker could not answer it. */
    void finish(Status end, WireMessage answer, byte[] stream, Instant at) {
        this.answer = answer;
        this.stream = stream;
        this.finishedAt = at; // written before status, which readers check first
        this.status = end;
    }
}
