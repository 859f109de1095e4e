package dev.shaperemote.worker;

import dev.shaperemote.it.ItServer;
import dev.shaperemote.it.TestPrograms;
import dev.shaperemote.it.TestTokens;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The container image, without a container engine (none runs on the build machines). The test reads the
 * {@code Dockerfile} step by step and fails on any step it does not know, so it cannot drift from the file; it lays out
 * exactly the files those steps put into the image over a fresh server of the build's own Open Liberty (the release
 * the image's tag names), configured only through the environment variables the image documents, as an operator runs
 * it; then it makes a wire call, an execute call and a small batch, and stops the server.
 *
 * <p>Where the image has paths, this test has its own directories: the server {@code defaultServer} in a user
 * directory of its own ({@code WLP_USER_DIR}; the image's {@code /config} is its server directory), its output
 * directory ({@code WLP_OUTPUT_DIR}; the image's {@code /output}), the build's Open Liberty installation (the image's
 * {@code /opt/ol/wlp}, which the Dockerfile does not write). The build stage's {@code /src/target} is this build's
 * {@code target}: the same {@code mvn package} of the same pom made it. What the base image and its scripts do, the
 * test does as documented in OpenLiberty/ci.docker (releases/25.0.0.12, helpers/build/configure.sh,
 * helpers/runtime/docker-server.sh): {@code server create} without a {@code server.env} (the image deletes it, so no
 * {@code keystore_password}), {@code configure.sh} writing a keystore password into
 * {@code configDropins/defaults/keystore.xml}, the entrypoint writing one at start when none is there. The warm-up
 * start of {@code configure.sh} (a class cache) is not repeated here. Everything lives in {@code target/dockerfile-it}
 * (made afresh by each run); the server's log is {@code target/dockerfile-it/output/defaultServer/logs/messages.log}.
 */
class DockerfileIT {
    static final Path TARGET = Path.of(System.getProperty("worker.war", "target/shape-remote-worker.war")).toAbsolutePath().getParent();
    static final Path PROJECT = TARGET.getParent();
    static final Path WLP = ItServer.WLP;
    static final Path CLIENT_JAR = Path.of(System.getProperty("client.jar", "target/shape-remote.jar")).toAbsolutePath();
    /** The image's base: Open Liberty's full image (every feature), of the release the build installs and tests. */
    static final Pattern LIBERTY_IMAGE = Pattern.compile("icr\\.io/appcafe/open-liberty:(\\d+\\.\\d+\\.\\d+\\.\\d+)-full-java17-openj9-ubi");
    /** The one build the build stage may run: the project's own package, which made this build's target/ too. */
    static final String BUILD_COMMAND = "mvn -B -DskipTests package";
    static final String SERVER = "defaultServer";
    /** The Hazelcast member port of a fleet (SHAPE_WORKER_FLEET_PORT's default). */
    static final int FLEET_PORT = 5701;

    /** One instruction of the Dockerfile, continuation lines joined, comments dropped. */
    record Step(int line, String instruction, String args) {
        @Override public String toString() { return "Dockerfile line " + line + ": " + instruction + " " + args; }
    }

    record Stage(String image, String name, List<Step> steps) {}

    @Test
    void theImageTheDockerfileBuildsTrustsTheOperatorsIssuerAndRunsCallsAndBatches() throws Exception {
        List<Stage> stages = stages(Files.readAllLines(PROJECT.resolve("Dockerfile")));
        assertEquals(2, stages.size(), "a build stage and the image");
        Stage build = stages.get(0), image = stages.get(1);

        Path work = TARGET.resolve("dockerfile-it");
        ItServer.deleteTree(work);
        Path userDir = work.resolve("usr"), outputRoot = work.resolve("output");
        Path config = userDir.resolve("servers").resolve(SERVER), output = outputRoot.resolve(SERVER);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WLP_USER_DIR", userDir.toString());
        env.put("WLP_OUTPUT_DIR", outputRoot.toString());

        String buildDir = buildStage(build);
        baseImage(image, env, config);
        Set<Integer> exposed = imageStage(image, buildDir, config, output);

        // What the image holds before any container starts: no keystore password (no server.env, no keystore.xml).
        assertFalse(Files.exists(config.resolve("server.env")), "the image has a server.env");
        assertFalse(Files.exists(config.resolve("configDropins/defaults/keystore.xml")), "the image carries a keystore password");
        assertTrue(Files.isRegularFile(config.resolve("apps/shape-remote-worker.war")), "no WAR in the image");
        Properties bootstrap = new Properties();
        try (var in = Files.newBufferedReader(config.resolve("bootstrap.properties"))) {
            bootstrap.load(in);
        }
        int http = Integer.parseInt(bootstrap.getProperty("http.port")), https = Integer.parseInt(bootstrap.getProperty("https.port"));
        assertEquals(new TreeSet<>(Set.of(http, https, FLEET_PORT)), exposed, "EXPOSE: the API, management and fleet ports");
        assertDerbyJars(config);

        // The container starts: the entrypoint (docker-server.sh) writes a keystore password of its own.
        entrypoint(config);
        operatorsEnvironment(env);
        int apiPort = freePort(), managementPort = freePort();
        // What `docker run -p` does: the image's own ports (and its messaging engine's, local to the container) are
        // taken on this machine, so the server gets free ones.
        env.put("JVM_ARGS", "-Dhttp.port=" + apiPort + " -Dhttps.port=" + managementPort
                + " -Dshape.worker.jms.endpoint.port=" + freePort() + " -Dshape.worker.jms.endpoint.ssl-port=" + freePort());
        String api = "http://localhost:" + apiPort, management = "https://localhost:" + managementPort;

        server(env, "start", SERVER);
        try {
            ItServer.await("the image's server to answer", Duration.ofSeconds(100), () -> status(api + "/api/v1/ping", null) == 200);
            assertTrue(Files.isRegularFile(output.resolve("resources/security/key.p12")), "Liberty made no HTTPS key with the start's password");

            // A token of the issuer the environment names is trusted; no token is refused.
            assertEquals(401, status(api + "/api/v1/connections", null), "a call without a token");
            HttpResponse<String> executed = ItServer.HTTP.send(asCaller(api + "/api/v1/execute")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ItServer.executeBody("fn add(a, b) { a + b }\nadd(2, 3)"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, executed.statusCode(), executed.body());
            assertEquals(Boolean.TRUE, ItServer.json(executed).fields.get("success"), executed.body());
            assertEquals(5L, ItServer.json(executed).fields.get("value"), executed.body());

            byte[] call = WireStreamWriter.toBytes(List.of(new WireMessage.Call(
                    RemoteCalls.buildCallRequest(TestPrograms.CALLS_PROGRAM, "sum_squares", List.of(3L, 4L)))), true);
            HttpResponse<byte[]> wired = ItServer.HTTP.send(asCaller(api + "/api/v1/wire")
                    .header("Content-Type", "application/x-shape-wire").POST(HttpRequest.BodyPublishers.ofByteArray(call)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, wired.statusCode());
            List<WireMessage> answers = WireStreamReader.readAll(wired.body(), WireLimits.DEFAULT);
            WireMessage.RemoteCallResponse answer = assertInstanceOf(WireMessage.RemoteCallResponse.class, answers.get(0), answers.toString());
            assertTrue(answer.isOk(), String.valueOf(answer.error()));
            assertEquals(25L, answer.value());

            // A batch runs on the batch store of the Derby jars the image carries, checkpoint by checkpoint.
            int n = 60;
            StringBuilder records = new StringBuilder();
            for (int i = 0; i < n; i++) records.append('[').append(i).append("]\n");
            HttpResponse<String> started = ItServer.HTTP.send(asCaller(api + "/api/v1/batches?function=f&checkpoint=8&source="
                    + URLEncoder.encode("fn f(i) { i }", StandardCharsets.UTF_8))
                    .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(records.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, started.statusCode(), started.body());
            String id = (String) ItServer.json(started).fields.get("id");
            ObjectValue[] last = new ObjectValue[1];
            ItServer.await("batch " + id + " to complete", Duration.ofSeconds(60), () -> {
                last[0] = ItServer.json(send(asCaller(api + "/api/v1/batches/" + id).GET().build()));
                Object s = last[0].fields.get("status");
                if ("failed".equals(s) || "stopped".equals(s) || "abandoned".equals(s)) throw new AssertionError("batch ended " + last[0]);
                return "completed".equals(s);
            });
            assertEquals((long) n, last[0].fields.get("done"), last[0].toString());
            HttpResponse<String> out = send(asCaller(api + "/api/v1/batches/" + id + "/output").GET().build());
            assertEquals(200, out.statusCode(), out.body());
            TestPrograms.assertIdentityOutput(out.body(), n);
            assertTrue(Files.isDirectory(output.resolve("resources/shapeBatchDB")), "the batch store is not the Derby database");

            // The management port: open health; /metrics with the login of the file SHAPE_ADMIN_SECRETS names.
            assertEquals(200, status(management + "/health/ready", null));
            String[] login = TestTokens.adminLogin();
            assertEquals(200, status(management + "/metrics", "Basic " + Base64.getEncoder()
                    .encodeToString((login[0] + ":" + login[1]).getBytes(StandardCharsets.UTF_8))), "/metrics with the administrator's login");
            assertEquals(401, status(management + "/metrics", null), "/metrics without a login");
        } finally {
            stop(env, outputRoot);
        }
    }

    // ---------------------------------------------------------------- the Dockerfile, parsed

    static List<Stage> stages(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || (line.isEmpty() && current == null)) continue; // comments, also inside a continued step
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String text = current.toString().strip().replaceAll("\\s+", " ");
                int space = text.indexOf(' ');
                if (space < 0) fail("Dockerfile line " + start + ": a step without arguments: " + text);
                steps.add(new Step(start, text.substring(0, space).toUpperCase(), text.substring(space + 1)));
                current = null;
            }
        }
        if (current != null) fail("the Dockerfile ends inside a continued step");
        List<Stage> stages = new ArrayList<>();
        for (Step s : steps) {
            if (s.instruction().equals("FROM")) {
                String[] words = s.args().split(" ");
                if (words.length == 3 && words[1].equalsIgnoreCase("AS")) stages.add(new Stage(words[0], words[2], new ArrayList<>()));
                else if (words.length == 1) stages.add(new Stage(words[0], null, new ArrayList<>()));
                else fail("not understood: " + s);
            } else {
                if (stages.isEmpty()) fail("a step before FROM: " + s);
                stages.get(stages.size() - 1).steps().add(s);
            }
        }
        return stages;
    }

    /** The build stage: the project's sources and its package build. Its target/ is this build's; its WORKDIR is returned. */
    static String buildStage(Stage build) throws IOException {
        assertEquals("build", build.name(), "the first stage is the build");
        assertTrue(build.image().startsWith("maven:") && build.image().contains("-17"), "the build stage's JDK 17 Maven: " + build.image());
        String workdir = null;
        boolean built = false;
        Set<String> ignored = dockerIgnore();
        for (Step s : build.steps()) {
            switch (s.instruction()) {
                case "WORKDIR" -> workdir = s.args();
                case "COPY" -> {
                    Copy c = copy(s);
                    if (c.from() != null) fail("the build stage copies only the project's files: " + s);
                    for (String source : c.sources()) assertProjectFile(source, ignored, s);
                }
                case "RUN" -> {
                    if (!s.args().equals(BUILD_COMMAND)) fail("the test knows no build but `" + BUILD_COMMAND + "`: " + s);
                    assertTrue(workdir != null && !built, "the package build runs once, in the WORKDIR: " + s);
                    built = true;
                }
                default -> fail("not understood in the build stage: " + s);
            }
        }
        assertTrue(built, "the build stage builds nothing");
        return workdir;
    }

    /**
     * What the base image is before the Dockerfile's steps: {@code server create}, its {@code server.env} deleted (so
     * without a keystore password), the configDropins directories and the image's open-port snippet. The tag's release
     * must be the one the build installed, so that the server here is the image's server.
     */
    static void baseImage(Stage image, Map<String, String> env, Path config) throws Exception {
        Matcher tag = LIBERTY_IMAGE.matcher(image.image());
        assertTrue(tag.matches(), "the image's base is not Open Liberty's full Java 17 image: " + image.image());
        Properties version = new Properties();
        try (var in = Files.newBufferedReader(WLP.resolve("lib/versions/openliberty.properties"))) {
            version.load(in);
        }
        assertEquals(version.getProperty("com.ibm.websphere.productVersion"), tag.group(1),
                "the image's Open Liberty release is not the one the build installs and tests (pom.xml, runtimeArtifact)");
        server(env, "create", SERVER);
        Files.deleteIfExists(config.resolve("server.env"));
        for (String dir : List.of("configDropins/defaults", "configDropins/overrides", "apps", "dropins")) {
            Files.createDirectories(config.resolve(dir));
        }
        Files.writeString(config.resolve("configDropins/defaults/open-default-port.xml"),
                "<server description=\"Default Server\"><httpEndpoint id=\"defaultHttpEndpoint\" host=\"*\" /></server>");
    }

    /** The image's own steps, applied to the server's directories; the ports it exposes. */
    static Set<Integer> imageStage(Stage image, String buildDir, Path config, Path output) throws IOException {
        Set<Integer> exposed = new TreeSet<>();
        Set<String> ignored = dockerIgnore();
        for (Step s : image.steps()) {
            switch (s.instruction()) {
                case "COPY" -> {
                    Copy c = copy(s);
                    for (String source : c.sources()) {
                        Path from;
                        if (c.from() == null) {
                            from = assertProjectFile(source, ignored, s);
                        } else {
                            assertEquals("build", c.from(), s.toString());
                            String prefix = buildDir + "/target/";
                            if (!source.startsWith(prefix)) fail("the test maps only the build's target/ (" + prefix + "): " + s);
                            from = TARGET.resolve(source.substring(prefix.length()));
                            assertTrue(Files.exists(from), from + " is missing: did `" + BUILD_COMMAND + "` make it? " + s);
                        }
                        copyInto(from, c.destination(), imagePath(c.destination(), config, output, s));
                    }
                }
                case "EXPOSE" -> {
                    for (String port : s.args().split(" ")) exposed.add(Integer.parseInt(port.replace("/tcp", "")));
                }
                case "RUN" -> {
                    for (String command : s.args().split("&&")) run(command.strip().split(" "), config, output, s);
                }
                default -> fail("not understood in the image: " + s);
            }
        }
        return exposed;
    }

    /** The commands the image's RUN steps may use, as this test understands them. */
    static void run(String[] command, Path config, Path output, Step s) throws IOException {
        if (command.length == 1 && command[0].equals("configure.sh")) {
            // The base image's build script: a keystore password into the image (and a warm-up start, not repeated).
            keystorePassword(config);
        } else if (command.length > 2 && command[0].equals("rm") && command[1].equals("-rf")) {
            for (int i = 2; i < command.length; i++) ItServer.deleteTree(imagePath(command[i], config, output, s));
        } else {
            fail("a command this test does not know: `" + String.join(" ", command) + "` in " + s);
        }
    }

    /** The image's entrypoint (docker-server.sh): a fresh keystore password when the image holds none. */
    static void entrypoint(Path config) throws IOException {
        if (!Files.exists(config.resolve("configDropins/defaults/keystore.xml"))
                && !Files.exists(config.resolve("configDropins/overrides/keystore.xml"))) {
            keystorePassword(config);
        }
    }

    static void keystorePassword(Path config) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.writeString(config.resolve("configDropins/defaults/keystore.xml"), "<server description=\"Default Server\"><keyStore id=\"defaultKeyStore\" password=\""
                + Base64.getEncoder().encodeToString(random) + "\" /></server>");
    }

    /**
     * What an operator of the image sets, and nothing else of the worker's: the issuer and key of the tokens (the
     * lines of {@code shape-remote token --mp-config}, as environment variables by MicroProfile Config's rule), and the
     * administrator's file. Variables of the same names in this JVM's environment are dropped first.
     */
    static void operatorsEnvironment(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                CLIENT_JAR.toString(), "token", "--mp-config", "--keys", TestTokens.CREDENTIALS.dir().toString()).redirectErrorStream(true);
        pb.directory(PROJECT.toFile());
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "token --mp-config: " + printed);
        for (String line : printed.strip().split("\n")) {
            int eq = line.indexOf('=');
            assertTrue(eq > 0 && line.startsWith("mp.jwt.verify."), "not a MicroProfile Config line: " + line);
            env.put(line.substring(0, eq).replaceAll("[^A-Za-z0-9]", "_").toUpperCase(), line.substring(eq + 1).strip());
        }
        assertTrue(env.containsKey("MP_JWT_VERIFY_ISSUER") && env.containsKey("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), env.toString());
        env.put("SHAPE_ADMIN_SECRETS", TestTokens.CREDENTIALS.dir().resolve("admin-secrets.xml").toString());
    }

    static void assertDerbyJars(Path config) throws IOException {
        try (Stream<Path> jars = Files.list(config.resolve("lib/derby"))) {
            Set<String> names = new TreeSet<>(jars.map(j -> j.getFileName().toString()).toList());
            assertEquals(Set.of("derby.jar", "derbyshared.jar", "derbytools.jar", "derbyclient.jar"), names, "server.xml's derbyLib in the image");
        }
    }

    // ---------------------------------------------------------------- COPY and paths

    record Copy(String from, List<String> sources, String destination) {}

    static Copy copy(Step s) {
        List<String> words = new ArrayList<>(List.of(s.args().split(" ")));
        String from = null;
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) from = flag.substring("--from=".length());
            else if (!flag.startsWith("--chown=")) fail("a COPY flag this test does not know: " + flag + " in " + s);
        }
        if (words.size() < 2) fail("not understood: " + s);
        String destination = words.remove(words.size() - 1);
        if (words.size() > 1 && !destination.endsWith("/")) fail("COPY of several sources needs a directory: " + s);
        for (String w : words) if (w.contains("*") || w.contains("?") || w.contains("$")) fail("a COPY source with a pattern: " + s);
        return new Copy(from, words, destination);
    }

    static Path assertProjectFile(String source, Set<String> ignored, Step s) {
        String relative = source.replaceAll("/+$", "");
        assertFalse(relative.startsWith("/") || relative.contains(".."), "a COPY source outside the build context: " + s);
        for (String i : ignored) {
            assertFalse(relative.equals(i) || relative.startsWith(i + "/"), ".dockerignore leaves " + source + " out of the context: " + s);
        }
        Path path = PROJECT.resolve(relative);
        assertTrue(Files.exists(path), path + " does not exist: " + s);
        return path;
    }

    static Set<String> dockerIgnore() throws IOException {
        Path file = PROJECT.resolve(".dockerignore");
        Set<String> entries = new TreeSet<>();
        if (!Files.exists(file)) return entries;
        for (String line : Files.readAllLines(file)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            if (entry.contains("*") || entry.contains("?") || entry.startsWith("!")) fail(".dockerignore: a pattern this test does not know: " + entry);
            entries.add(entry.replaceAll("^/+|/+$", ""));
        }
        return entries;
    }

    /** An image path, on this machine: /config is the server's directory, /output its output directory. */
    static Path imagePath(String path, Path config, Path output, Step s) {
        for (Map.Entry<String, Path> root : Map.of("/config", config, "/output", output).entrySet()) {
            String r = root.getKey();
            if (path.equals(r) || path.equals(r + "/")) return root.getValue();
            if (path.startsWith(r + "/")) {
                String rest = path.substring(r.length() + 1);
                assertFalse(rest.contains(".."), s.toString());
                return root.getValue().resolve(rest);
            }
        }
        return fail("the test maps only /config and /output of the image: " + path + " in " + s);
    }

    /** Docker's COPY: a directory's contents into the destination; a file into it (destination ending in /) or as it. */
    static void copyInto(Path from, String destination, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(target);
                    else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } else {
            Path target = destination.endsWith("/") ? to.resolve(from.getFileName().toString()) : to;
            Files.createDirectories(target.getParent());
            Files.copy(from, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---------------------------------------------------------------- the server

    static HttpRequest.Builder asCaller(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TestTokens.CALLER);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return ItServer.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a GET (an Authorization header if not null), or -1 while nothing answers. */
    static int status(String url, String authorization) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) r.header("Authorization", authorization);
        try {
            return ItServer.HTTP.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code bin/server ARGS} of the build's installation, in exactly {@code env} (over this JVM's, less the worker's keys). */
    static void server(Map<String, String> env, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(WLP.resolve("bin/server").toString()));
        line.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MP_JWT_") || k.startsWith("SHAPE_") || k.startsWith("WLP_")
                || k.equals("JVM_ARGS") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) fail("bin/server " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "bin/server " + String.join(" ", args) + ": " + output);
    }

    /** Stops the server; kills its JVM if the stop fails, so that no server outlives the test. */
    static void stop(Map<String, String> env, Path outputRoot) throws Exception {
        try {
            server(env, "stop", SERVER);
        } catch (AssertionError | Exception e) {
            Path pid = outputRoot.resolve(".pid").resolve(SERVER + ".pid");
            if (Files.exists(pid)) ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
            throw e;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
