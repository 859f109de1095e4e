package dev.shaperemote.vm;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/** For tests that stop a run from outside: waiting until the run is really inside the VM, never a guessed sleep. */
public final class RunningVm {
    private RunningVm() {}

    /**
     * Waits until {@code t} runs Shape code (the interpreter's loop, {@code Interpreter.execute}, on its stack: under
     * {@code runMain} and {@code call} alike), so a cancel meets a running VM.
     */
    public static void await(Thread t) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().equals(Interpreter.class.getName()) && e.getMethodName().equals("execute")) return;
            }
            Thread.sleep(5);
        }
        fail(t.getName() + " never started running Shape code");
    }
}
