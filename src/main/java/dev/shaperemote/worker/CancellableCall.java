package dev.shaperemote.worker;

import java.util.concurrent.Callable;

/** Work for the call pool that a timeout can stop from another thread. */
public interface CancellableCall<T> extends Callable<T> {
    /** Asks the work to stop as soon as it can; safe before it starts and after it ends. */
    void cancel();
}
