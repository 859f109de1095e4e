package dev.shaperemote.worker.batch;

import java.io.Serializable;

/**
 * Where a {@code shape-map} step's reader or writer stands at a checkpoint: two positions (the reader: the next
 * record's index and its offset in the input; the writer: the output's length and the records written). A record of
 * its own rather than a {@code long[]}: Payara's JBatch did not give back a {@code long[]} checkpoint on restart, so
 * a restarted batch began again from the start. A {@code long[]} that an earlier worker stored is still read.
 */
record Checkpoint(long first, long second) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The checkpoint the batch runtime handed back, or the start when it has none. */
    static Checkpoint of(Serializable saved) {
        if (saved instanceof Checkpoint c) return c;
        if (saved instanceof long[] old && old.length == 2) return new Checkpoint(old[0], old[1]);
        return new Checkpoint(0, 0);
    }
}
