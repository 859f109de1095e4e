package dev.shaperemote.worker.jms;

import dev.shaperemote.it.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Controls the shapeIt server the build started, through its own installation's {@code bin/server} (the
 * plugin wrote its JVM options to the server's jvm.options, so a restart keeps ports and settings).
 */
final class ItServer {
    static final String NAME = "shapeIt";
    /** The message-driven bean's endpoint, as {@code server pause/resume --target} names it. */
    static final String LISTENER = "shape-remote-worker#shape-remote-worker.war#ShapeRequestListener";
    private static final Path WLP = Path.of(System.getProperty("liberty.wlp.dir", "target/liberty/wlp"));

    private ItServer() {}

    static void pause(String target) throws Exception { command("pause", NAME, "--target=" + target); }

    /** Ends the server's JVM at once (SIGKILL): a crash, with no chance to flush or shut anything down cleanly. */
    static void kill() throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + NAME + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the server is not running"));
        process.destroyForcibly();
        process.onExit().get(60, TimeUnit.SECONDS);
    }

    /**
     * Starts the server and waits until the worker answers /health/ready and the test application (its JMS
     * driver, which the other tests use) answers too.
     */
    static void startAndAwaitReady() throws Exception {
        command("start", NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = JmsDriver.HTTP.send(TestTokens.request(URI.create(JmsDriver.URL + "/health/ready"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                // The driver's 400 (no correlation given) means it is deployed; 404 means not yet.
                if (r.statusCode() == 200 && JmsDriver.HTTP.send(TestTokens.request(URI.create(JmsDriver.DRIVER + "/receive"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 400) return;
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(500);
        }
        fail("the server and the test application did not become ready within 120 s");
    }

    private static void command(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat(WLP.resolve("bin/server").toString(), args)).redirectErrorStream(true);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(180, TimeUnit.SECONDS)) fail("bin/server " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "bin/server " + String.join(" ", args) + ": " + output);
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
