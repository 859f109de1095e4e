package dev.shaperemote.worker.batch;

import java.util.List;

/**
 * One record between the map job's processor and its writer: its index and byte offset in the input, and
 * either the arguments to call the job's function with or, for a record that is not a call, its finished
 * {@code err} line.
 */
record MapItem(long index, long offset, List<Object> args, byte[] line) {
    static MapItem call(long index, long offset, List<Object> args) { return new MapItem(index, offset, args, null); }

    static MapItem done(long index, long offset, byte[] line) { return new MapItem(index, offset, null, line); }
}
