package dev.shaperemote.worker.jobs;

import java.time.Instant;

/**
 * One request stream submitted to {@code /api/v1/jobs}: its owner, status, the connection token it names (if any)
 * and, once finished, its response stream. The request itself stays on disk ({@link JobFiles}) until it runs.
 */
final class WireJob {
    enum Status {
        queued, running, done, failed;

        boolean finished() { return this == done || this == failed; }
    }

    private final String id;
    private final Instant submittedAt;
    private final String token;
    private final String owner;
    private volatile Status status = Status.queued;
    private volatile byte[] stream;
    private volatile Instant finishedAt;

    WireJob(String id, Instant submittedAt, String token, String owner) {
        this.id = id;
        this.submittedAt = submittedAt;
        this.token = token;
        this.owner = owner;
    }

    String id() { return id; }

    Instant submittedAt() { return submittedAt; }

    /** The {@code Shape-Connection} token the job was submitted with; null for none. */
    String token() { return token; }

    /** The principal that submitted the job: the only caller (besides an admin) who may see it. */
    String owner() { return owner; }

    Status status() { return status; }

    /** The response stream (one message); null until finished. */
    byte[] stream() { return stream; }

    Instant finishedAt() { return finishedAt; }

    boolean finished() { return finishedAt != null; }

    /** queued to running; false when it was not queued. */
    boolean started() {
        if (status != Status.queued) return false;
        status = Status.running;
        return true;
    }

    /** {@code done}: the request was answered (a user program's failure included); {@code failed}: the worker could not answer it. */
    void finish(Status end, byte[] stream, Instant at) {
        this.stream = stream;
        this.finishedAt = at; // written before status, which readers check first
        this.status = end;
    }
}
