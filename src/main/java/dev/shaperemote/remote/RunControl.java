package dev.shaperemote.remote;

import dev.shaperemote.vm.Interpreter;

/**
 * A handle on one running call, so a timeout elsewhere can stop its VM and free the thread. Safe to
 * cancel before the VM starts: it then stops at its first check.
 */
public final class RunControl {
    private volatile Interpreter vm;
    private volatile boolean cancelled;

    void attach(Interpreter interpreter) {
        vm = interpreter;
        if (cancelled) interpreter.cancel();
    }

    public void cancel() {
        cancelled = true;
        Interpreter running = vm;
        if (running != null) running.cancel();
    }

    public boolean cancelled() { return cancelled; }
}
