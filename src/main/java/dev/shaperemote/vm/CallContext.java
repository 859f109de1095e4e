package dev.shaperemote.vm;

/** What a builtin may ask of the running VM: call back into Shape code, charge its budgets, see a cancel. */
public interface CallContext {
    /** Calls a Shape callable (closure, function, native) with the given arguments and returns its value. */
    Object call(Object callable, Object... args);

    /** Counts {@code bytes} of newly held value memory against the run's memory budget. */
    void chargeMemory(long bytes);

    /**
     * Charges {@code bytes} that a builder still in progress holds (no value refers to them yet, so the
     * VM's own measure of live values cannot see them); {@link #releaseMemory} ends the hold.
     */
    default void holdMemory(long bytes) { chargeMemory(bytes); }

    /** Ends a hold of {@link #holdMemory}: what was built is now a value, or garbage. */
    default void releaseMemory(long bytes) {}

    /**
     * Throws the run's Timeout error when it was cancelled. A volatile read: builtin loops call it every
     * {@link Methods#CHECK_EVERY} elements so a cancel frees the thread even inside a long builtin.
     */
    default void checkCancelled() {}

    /**
     * The method {@code name} that an impl or extend block gave the receiver's type, as a callable taking the
     * receiver first; null when there is none. Operators use it for operands they have no meaning for.
     */
    default Object userMethod(Object receiver, String name) { return null; }
}
