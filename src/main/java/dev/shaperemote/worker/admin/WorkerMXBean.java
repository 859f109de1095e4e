package dev.shaperemote.worker.admin;

import java.util.Map;

/** The worker as a whole, as {@code dev.shaperemote:type=Worker}. */
public interface WorkerMXBean {
    /** Calls since the start by how they ended: {@code ok}, or the error kind (refusals included). */
    Map<String, Long> getCallsByKind();

    boolean isDraining();

    /** Stops taking new calls (they answer Overloaded) while calls already taken finish. */
    void drain();

    /** Takes new calls again. */
    void undrain();

    /** The JMS listener: {@code listening}, {@code paused}, or {@code off} on a server without JMS. */
    String getJmsListener();

    /** Stops taking requests from the queue (they wait there); returns once those being answered are done. */
    void pauseJmsListener();

    /** Takes requests from the queue again. */
    void resumeJmsListener();
}
