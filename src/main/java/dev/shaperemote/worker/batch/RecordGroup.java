package dev.shaperemote.worker.batch;

import dev.shaperemote.remote.RunControl;
import dev.shaperemote.worker.CancellableCall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Consecutive records of one chunk, run in order as one task of the call pool so that a trivial record does not
 * pay a pool hand-off of its own. It takes records until {@link #MAX_RECORDS} ran, a {@link #SLICE_NANOS time
 * slice} passed, the worker drains (no record starts then) or {@link #cancel} (the call pool's deadline) stops it:
 * the deadline stops the record that is running, whose line becomes a {@code Timeout} err, and no record after it
 * starts. Records it did not run are the caller's to run again.
 */
final class RecordGroup implements CancellableCall<Void> {
    static final int MAX_RECORDS = 256;
    /**
     * No record starts this long after the group started, so a record's deadline (the pool's, for the whole
     * group) is never more than this much shorter than its own would be.
     */
    static final long SLICE_NANOS = 20_000_000L;

    /** Told of each record whose call ran: its error kind (null when ok) and how long it took. */
    interface Meter {
        void ran(String errorKind, long nanos);
    }

    private final MapFunction function;
    private final List<MapItem> items;
    private final BooleanSupplier draining;
    private final Meter meter;
    private final String timeoutMessage;
    private final long sliceNanos;
    private final byte[][] lines;
    private int done;
    private RunControl running;
    private boolean cancelled;
    private boolean ended;
    private boolean abandoned;

    /** {@code timeoutMillis} is the deadline's length, for the message of a record it stops. */
    RecordGroup(MapFunction function, List<MapItem> items, BooleanSupplier draining, Meter meter, long timeoutMillis) {
        this(function, items, draining, meter, timeoutMillis, SLICE_NANOS);
    }

    RecordGroup(MapFunction function, List<MapItem> items, BooleanSupplier draining, Meter meter, long timeoutMillis, long sliceNanos) {
        this.sliceNanos = sliceNanos;
        this.function = function;
        this.items = items;
        this.draining = draining;
        this.meter = meter;
        this.timeoutMessage = "the record ran past its time budget of " + timeoutMillis
                + " ms (shape.worker.call.timeout-ms) and was stopped";
        this.lines = new byte[Math.min(items.size(), MAX_RECORDS)][];
    }

    @Override
    public Void call() {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < lines.length; i++) {
                if (draining.getAsBoolean() || (i > 0 && System.nanoTime() - start > sliceNanos)) break;
                MapItem item = items.get(i);
                RunControl control = new RunControl();
                synchronized (this) {
                    if (cancelled || abandoned) break;
                    running = control;
                }
                byte[] line = item.line() != null ? item.line() : run(item, control);
                synchronized (this) {
                    running = null;
                    if (abandoned) break;
                    lines[i] = line;
                    done = i + 1;
                }
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
        return null;
    }

    private byte[] run(MapItem item, RunControl control) {
        long start = System.nanoTime();
        MapFunction.Result result = function.call(item.index(), item.args(), control);
        boolean stopped = control.cancelled() && result.errorKind() != null;
        meter.ran(stopped ? "Timeout" : result.errorKind(), System.nanoTime() - start);
        return stopped ? ResultLines.err(item.index(), "Timeout", timeoutMessage) : result.line();
    }

    /** Stops the record that is running (its VM stops at its next check) and keeps any other from starting. */
    @Override
    public void cancel() {
        RunControl control;
        synchronized (this) {
            cancelled = true;
            control = running;
        }
        if (control != null) control.cancel();
    }

    /**
     * Whether {@link #cancel} was called. The call pool cancels only a call it started, so after its deadline a
     * group that was not cancelled never ran and never will.
     */
    synchronized boolean cancelRequested() { return cancelled; }

    /** Waits at most {@code millis} for the group to end; true when it has. */
    synchronized boolean awaitEnd(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        for (long left; !ended && (left = end - System.nanoTime()) > 0; ) wait(Math.max(1, left / 1_000_000));
        return ended;
    }

    /**
     * The lines of the records that ran, in order; from here on the group records no more. A record the deadline
     * stopped but whose VM has not yet noticed still counts, as a Timeout.
     */
    synchronized List<byte[]> finish() {
        abandoned = true;
        List<byte[]> out = new ArrayList<>(done + 1);
        for (int i = 0; i < done; i++) out.add(lines[i]);
        if (cancelled && running != null) out.add(ResultLines.err(items.get(done).index(), "Timeout", timeoutMessage));
        return out;
    }
}
