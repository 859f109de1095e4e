package dev.shaperemote.worker.admin;

/** The connections' blob caches, as {@code dev.shaperemote:type=Caches}. */
public interface CachesMXBean {
    int getConnections();

    /** Blobs held, summed over connections. */
    long getEntries();

    /** Estimated bytes held, summed over connections. */
    long getBytes();

    long getHits();

    long getMisses();

    long getEvictions();

    /** Empties one connection's blob cache (its token stays valid); false when the token is unknown. */
    boolean evictConnection(String token);

    /** Empties every connection's blob cache; answers how many it cleared. */
    int clearAll();
}
