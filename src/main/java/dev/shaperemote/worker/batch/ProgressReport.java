package dev.shaperemote.worker.batch;

import java.util.function.LongSupplier;

/**
 * The words in which a map job tells Admin Center's Java Batch tool how far it got, "4000 of 10000 records
 * written", and when the job log should get them again: at most once a second and once per 5 % of the total
 * (whichever is rarer), so a fast job and a slow one both leave a short log.
 */
final class ProgressReport {
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    static final int PERCENT_STEP = 5;

    private final long total;
    private final LongSupplier nanoClock;
    private long loggedAt;
    private long loggedRecords = -1;

    /** {@code total} is the job parameter (absent, or not a number, for a job started without it). */
    ProgressReport(String total, LongSupplier nanoClock) {
        this.total = parse(total);
        this.nanoClock = nanoClock;
    }

    private static long parse(String total) {
        try {
            return total == null ? -1 : Long.parseLong(total.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code "N of TOTAL records written"}, or {@code "N records written"} when the total is unknown. */
    String text(long written) {
        return total >= 0 ? written + " of " + total + " records written" : written + " records written";
    }

    /** Whether {@code written} is worth a job log line after a checkpoint; when it is, counts it as logged. */
    boolean due(long written) {
        long now = nanoClock.getAsLong();
        boolean due = loggedRecords < 0 || now - loggedAt >= MIN_INTERVAL_NANOS
                && (total <= 0 || (written - loggedRecords) * 100 >= total * PERCENT_STEP);
        if (due) logged(written, now);
        return due;
    }

    /** Whether {@code written} differs from the last line logged (for the step's last line); counts it as logged. */
    boolean changed(long written) {
        boolean changed = written != loggedRecords;
        if (changed) logged(written, nanoClock.getAsLong());
        return changed;
    }

    private void logged(long written, long now) {
        loggedRecords = written;
        loggedAt = now;
    }
}
