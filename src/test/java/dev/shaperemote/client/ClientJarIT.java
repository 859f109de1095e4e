package dev.shaperemote.client;

import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.wire.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged target/shape-remote.jar: self-contained, free of Jakarta EE and the worker, and runnable. */
class ClientJarIT {
    static final Path JAR = Path.of(System.getProperty("client.jar", "target/shape-remote.jar"));

    @Test
    void holdsTheCommandLineAndItsLibrariesButNoJakartaOrWorkerClass() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("dev.shaperemote.client.ShapeRemoteCli", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("jakarta/")), "jakarta classes in the client jar");
            assertTrue(names.stream().noneMatch(n -> n.startsWith("dev/shaperemote/worker/")), "worker classes in the client jar");
            for (String needed : List.of("dev/shaperemote/client/ShapeRemoteCli.class", "picocli/CommandLine.class",
                    "org/msgpack/core/MessagePack.class", "com/fasterxml/jackson/core/JsonFactory.class",
                    "com/github/benmanes/caffeine/cache/Caffeine.class")) {
                assertNotNull(jar.getEntry(needed), needed + " missing from the client jar");
            }
        }
    }

    @Test
    void runsEvalJsonInItsOwnJvm(@TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("hello.shape"), "print(\"hello\")\n6 * 7\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "eval", "--json", program.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shape-remote.jar did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        ObjectValue o = assertInstanceOf(ObjectValue.class, JsonValues.parse(out.strip()));
        assertEquals(42L, o.fields.get("value"));
        assertEquals("hello\n", o.fields.get("stdout"));
        assertSame(Nil.NONE, o.fields.get("error"));
    }

    @Test
    void compileExecDecodePipelineThroughFiles(@TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("add.shape"), "fn add(a, b) { a + b }\n");
        Path call = dir.resolve("call.bin");
        Path response = dir.resolve("response.bin");
        run("compile", program.toString(), "--function", "add", "--args", "[2, 40]", "--out", call.toString());
        run("exec", call.toString(), "--out", response.toString());
        String json = run("decode", response.toString()).strip();
        ObjectValue message = assertInstanceOf(ObjectValue.class, JsonValues.parse(json));
        ObjectValue body = assertInstanceOf(ObjectValue.class, message.fields.get("CallResponse"), json);
        assertEquals(42L, assertInstanceOf(OkValue.class, body.fields.get("result"), json).value());
    }

    /** Runs the jar with these arguments in its own JVM; returns its stdout after checking it exited with 0. */
    private static String run(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shape-remote.jar did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", args) + " failed: " + out);
        return out;
    }
}
