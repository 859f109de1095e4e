package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteBlobCache;

import java.time.Instant;

/**
 * One caller's connection: its token, the principal that created it (the only one who may use it),
 * and its own blob cache. Negotiation answers from this cache alone, so nobody learns what another
 * connection holds.
 */
public final class Connection {
    private final String token;
    private final String principal;
    private final Instant createdAt;
    private final RemoteBlobCache blobs;
    private volatile Instant lastUsed;

    Connection(String token, String principal, Instant createdAt, RemoteBlobCache blobs) {
        this.token = token;
        this.principal = principal;
        this.createdAt = createdAt;
        this.blobs = blobs;
        this.lastUsed = createdAt;
    }

    public String token() { return token; }

    public String principal() { return principal; }

    public Instant createdAt() { return createdAt; }

    public Instant lastUsed() { return lastUsed; }

    public RemoteBlobCache blobs() { return blobs; }

    void touch(Instant now) { lastUsed = now; }
}
