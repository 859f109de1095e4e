package dev.shaperemote.worker.auth;

/**
 * Who is calling: the principal name of a verified bearer token, and whether its groups make it an
 * administrator. Connections, jobs and batches carry the name of the caller that created them.
 */
public record Caller(String name, boolean admin) {
    /** The request property (JAX-RS) and user property (WebSocket) under which the caller travels. */
    public static final String PROPERTY = "dev.shaperemote.caller";

    /** Whether this caller may see and act on something {@code owner} created: its own, or anything for an admin. */
    public boolean mayUse(String owner) { return admin || name.equals(owner); }
}
