package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;

import java.util.Collection;
import java.util.List;

/**
 * The blobs one connection has sent, as a call and a negotiation see them: held in this JVM
 * ({@link RemoteBlobCache}) or in a fleet's shared store (the worker's). Only blobs whose content hashes to their
 * key get in. Reads for a negotiation ({@link #contains}, {@link #filterKnown}, {@link #findByName}) never count as
 * a use.
 */
public interface BlobCache {
    /** The blob with this hash; null when not held. */
    FunctionBlob get(FunctionHash hash);

    /** Whether the blob is held. */
    boolean contains(FunctionHash hash);

    /** The subset of {@code offered} this cache holds, in the order offered. */
    List<FunctionHash> filterKnown(Collection<FunctionHash> offered);

    /** Blobs with this function name (to find the peers of a recursive cycle). */
    List<FunctionBlob> findByName(String name);

    /**
     * Adds blobs, evicting others past the bounds. A blob whose content does not hash to its {@code contentHash}
     * is refused with an IllegalArgumentException and nothing of the batch is inserted.
     */
    void insertBlobs(Collection<FunctionBlob> batch);

    /** Drops every blob. */
    void clear();

    /** Blobs held. */
    int size();

    /** Estimated bytes of the blobs held. */
    long bytes();
}
