package dev.shaperemote.client;

import dev.shaperemote.it.ItServer;

import dev.shaperemote.it.TestTokens;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.wire.WireFunctionRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP client and the {@code call} command against the worker the build started. */
class ShapeRemoteClientIT {
    static final String WORKER = ItServer.URL;
    static final Program ADD = ShapeCompiler.compile("fn add(a, b) { a + b }\nfn twice(x) { add(x, x) }");

    @Test
    void theFirstCallCarriesTheBlobsAndLaterOnesOnlyTheHash() {
        try (ShapeRemoteClient client = new ShapeRemoteClient(URI.create(WORKER), TestTokens.CALLER)) {
            assertEquals(5L, client.call(ADD, "add", List.of(2L, 3L)));
            int cold = client.lastRequestBytes();
            assertEquals(42L, client.call(ADD, "add", List.of(40L, 2L)));
            int warm = client.lastRequestBytes();
            assertTrue(warm * 2 < cold, "warm " + warm + " bytes against cold " + cold);
            assertEquals(14L, client.call(ADD, "twice", List.of(7L))); // a dependency already held goes by hash too
        }
    }

    @Test
    void aFunctionValueArgumentTravelsOnceAndLaterGoesByHash() {
        Program apply = ShapeCompiler.compile("fn inc(x) { x + 1 }\nfn apply(f, x) { f(x) }");
        WireFunctionRef inc = new WireFunctionRef("inc", apply.byName("inc").contentHash());
        try (ShapeRemoteClient client = new ShapeRemoteClient(URI.create(WORKER), TestTokens.CALLER)) {
            assertEquals(3L, client.call(apply, "apply", List.of(inc, 2L)));
            int cold = client.lastRequestBytes();
            assertEquals(8L, client.call(apply, "apply", List.of(inc, 7L)));
            int warm = client.lastRequestBytes();
            assertTrue(warm * 2 < cold, "the function value's blob was sent again: warm " + warm + " bytes against cold " + cold);
        }
    }

    @Test
    void blobsTheWorkerLostAndAConnectionItForgotAreMadeGoodTransparently() throws Exception {
        try (ShapeRemoteClient client = new ShapeRemoteClient(URI.create(WORKER), TestTokens.CALLER)) {
            assertEquals(3L, client.call(ADD, "add", List.of(1L, 2L)));
            String token = client.connectionToken();
            assertEquals(200, send("POST", "/api/v1/admin/caches/evict", token).statusCode());
            assertEquals(7L, client.call(ADD, "add", List.of(3L, 4L))); // FunctionNotFound on the warm call: sent again
            assertEquals(204, send("DELETE", "/api/v1/connections", token).statusCode());
            assertEquals(9L, client.call(ADD, "add", List.of(4L, 5L))); // unknown connection: a new one
            assertNotEquals(token, client.connectionToken());
        }
    }

    @Test
    void aFailedCallIsARemoteCallExceptionWithItsKind() {
        try (ShapeRemoteClient client = new ShapeRemoteClient(URI.create(WORKER), TestTokens.CALLER)) {
            RemoteCallException e = assertThrows(RemoteCallException.class,
                    () -> client.call(ShapeCompiler.compile("fn f(x) { x / 0 }"), "f", List.of(1L)));
            assertEquals(RemoteErrorKind.RuntimeError, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("in function 'f'"), e.getMessage());
        }
        RemoteCallException down = assertThrows(RemoteCallException.class,
                () -> new ShapeRemoteClient(URI.create("http://127.0.0.1:9"), TestTokens.CALLER).call(ADD, "add", List.of(1L, 1L)));
        assertTrue(down.getMessage().startsWith("cannot reach the worker"), down.getMessage());
    }

    @Test
    void aClientOfAFleetWithADeadWorkerAnswersEveryCallOnTheLiveOne() throws Exception {
        URI dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort()); // closed once the block ends: nothing listens
        }
        try (ShapeRemoteClient client = new ShapeRemoteClient(List.of(dead, URI.create(WORKER)), TestTokens.CALLER)) {
            for (long i = 0; i < 10; i++) assertEquals(2 * i + 1, client.call(ADD, "add", List.of(i, i + 1)), "call " + i);
            assertEquals(12L, client.call(ADD, "twice", List.of(6L)));
        }
    }

    @Test
    void aFloodBeyondPoolAndQueueIsWaitedOutWithRetryAfter() {
        Program spin = ShapeCompiler.compile("fn spin(n) { let mut i = 0\n while i < n { i = i + 1 }\n i }");
        try (ShapeRemoteClient client = new ShapeRemoteClient(URI.create(WORKER), TestTokens.CALLER, 20)) {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) calls.add(CompletableFuture.supplyAsync(() -> client.call(spin, "spin", List.of(1_000_000L))));
            for (CompletableFuture<Object> call : calls) assertEquals(1_000_000L, call.join()); // none lost to Overloaded
        }
    }

    @Test
    void theCallCommandPrintsTheValueOrTheError(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("add.shape"), "fn add(a, b) { a + b }\n");
        assertEquals("5", cli(dir, "call", source.toString(), "--function", "add", "--args", "[2, 3]", "--worker", WORKER).strip());
        assertEquals("{\"Int\":7}", cli(dir, "call", source.toString(), "--function", "add", "--args", "[3, 4]", "--json",
                "--repeat", "3", "--worker", WORKER).strip());
        String failed = cli(dir, "call", source.toString(), "--function", "add", "--args", "[true, 1]", "--worker", WORKER);
        assertTrue(failed.startsWith("error[RuntimeError]: cannot apply '+'"), failed);
    }

    private static HttpResponse<String> send(String method, String path, String connection) throws Exception {
        return HttpClient.newHttpClient().send(TestTokens.request(URI.create(WORKER + path)).header("Shape-Connection", connection)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the packaged jar; stdout, or stderr when it failed. */
    private static String cli(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ClientJarIT.JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SHAPE_REMOTE_TOKEN", TestTokens.CALLER); // as a user who ran `shape-remote token` would
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shape-remote did not finish");
        return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8) : Files.readString(err, StandardCharsets.UTF_8);
    }
}
