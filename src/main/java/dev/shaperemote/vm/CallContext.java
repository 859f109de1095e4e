package dev.shaperemote.vm;

/** What a builtin may ask of the running VM: call back into Shape code and charge its budgets. */
public interface CallContext {
    /** Calls a Shape callable (closure, function, native) with the given arguments and returns its value. */
    Object call(Object callable, Object... args);

    /** Counts {@code bytes} of newly held value memory against the run's memory budget. */
    void chargeMemory(long bytes);
}
