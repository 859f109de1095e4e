package dev.shaperemote.worker;

import dev.shaperemote.remote.BlobCache;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One caller's connection: its token, the principal that created it (the only one who may use it),
 * and its own blob cache. Negotiation answers from this cache alone, so nobody learns what another
 * connection holds. {@code lastUse} is the one thing that changes: every use moves it (idle expiry counts from it).
 */
public record Connection(String token, String principal, Instant createdAt, BlobCache blobs, AtomicReference<Instant> lastUse) {

    Connection(String token, String principal, Instant createdAt, BlobCache blobs) {
        this(token, principal, createdAt, blobs, new AtomicReference<>(createdAt));
    }

    public Instant lastUsed() { return lastUse.get(); }

    void touch(Instant now) { lastUse.set(now); }

    /** Never the token: it is a credential, and a connection may end up in a log. */
    @Override
    public String toString() { return "Connection[principal=" + principal + ", createdAt=" + createdAt + "]"; }
}
