package dev.shaperemote.worker.admin;

/** The connections' blob caches, as {@code dev.shaperemote:type=Caches}. */
public interface CachesMXBean {
    int getConnections();

    /** Workers that share these connections (a fleet's members, as this worker sees them); 1 for a single server. */
    int getFleetMembers();

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
