package dev.shaperemote.worker;

/** A call that outlived its wall-clock budget (queue wait included); its VM has been told to stop. */
public final class CallTimedOut extends Exception {
    public CallTimedOut(String message) {
        super(message, null, false, false);
    }
}
