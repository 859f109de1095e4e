package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionHash;

import java.util.Collection;
import java.util.List;

/** A remote call that failed in a known way: its kind, a message for people, and any missing blob hashes. */
public final class RemoteCallException extends RuntimeException {
    private final RemoteErrorKind kind;
    private final List<FunctionHash> missing;

    public RemoteCallException(RemoteErrorKind kind, String message, Collection<FunctionHash> missing) {
        super(message, null, false, false);
        this.kind = kind;
        this.missing = List.copyOf(missing);
    }

    public RemoteCallException(RemoteErrorKind kind, String message) { this(kind, message, List.of()); }

    public RemoteErrorKind kind() { return kind; }

    public List<FunctionHash> missing() { return missing; }
}
