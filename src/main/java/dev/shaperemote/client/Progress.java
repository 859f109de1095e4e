package dev.shaperemote.client;

import java.io.PrintWriter;

/** A batch's progress on stderr: a bar redrawn in place on a terminal, one line per tenth done otherwise. */
final class Progress {
    enum Mode {
        auto, bar, lines, none;

        Mode resolve(boolean terminal) { return this != auto ? this : terminal ? bar : lines; }
    }

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final Mode mode;
    private final long startNanos = System.nanoTime();
    private int lastTenth = -1;
    private boolean drawn;

    Progress(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    void show(WorkerBatches.Status s) {
        if (mode == Mode.none) return;
        if (mode == Mode.bar) {
            err.print("\r" + bar(s));
            drawn = true;
        } else {
            int tenth = s.total() > 0 ? (int) Math.min(10, s.done() * 10 / s.total()) : 0;
            if (tenth == lastTenth && !s.finished()) return;
            lastTenth = tenth;
            err.println(line(s));
        }
        err.flush();
    }

    void finish() {
        if (drawn) err.println();
        err.flush();
    }

    static String line(WorkerBatches.Status s) {
        return "batch " + s.id() + " " + s.status() + ": " + s.done() + "/" + (s.total() < 0 ? "?" : s.total()) + " records"
                + (s.total() > 0 ? " (" + percent(s) + "%)" : "");
    }

    private String bar(WorkerBatches.Status s) {
        int filled = s.total() > 0 ? (int) Math.min(WIDTH, s.done() * WIDTH / s.total()) : 0;
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + percent(s) + "% " + s.done() + "/" + s.total()
                + " " + s.status() + ", " + Math.round(s.done() / seconds) + " records/s   ";
    }

    private static long percent(WorkerBatches.Status s) { return s.total() > 0 ? Math.min(100, s.done() * 100 / s.total()) : 0; }
}
