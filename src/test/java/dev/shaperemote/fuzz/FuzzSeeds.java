package dev.shaperemote.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.MessageCodec;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the seed corpus of the fuzz targets under {@code src/test/resources/dev/shaperemote/fuzz/},
 * in the layout Jazzer replays ({@code <TestClass>Inputs/<method>/}): the golden wire vectors as
 * streams, frames and payloads; every fortieth program of the conformance cases as source, as a Call
 * payload carrying its blobs, and as {@link BlobInput}; the JSON of their results. Run from the
 * project directory, on purpose only (it rewrites the {@code seed-*} files; crash inputs are kept):
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.shaperemote.fuzz.FuzzSeeds}.
 */
public final class FuzzSeeds {
    static final Path ROOT = Path.of("src/test/resources/dev/shaperemote/fuzz");
    static final int EVERY = 40;

    public static void main(String[] args) throws IOException {
        Path frames = clean("FuzzFramesTestInputs/streams"), messages = clean("FuzzMessagesTestInputs/decode"),
                json = clean("FuzzJsonTestInputs/parse"), compiler = clean("FuzzCompilerTestInputs/compile"),
                linker = clean("FuzzLinkerTestInputs/link"), vm = clean("FuzzVmTestInputs/run");

        try (Stream<Path> vectors = Files.list(Path.of("src/test/resources/wire-vectors"))) {
            for (Path v : vectors.filter(p -> p.toString().endsWith(".bin")).sorted().toList()) {
                String name = v.getFileName().toString().replace(".bin", "");
                byte[] stream = Files.readAllBytes(v);
                write(frames, "seed-stream-" + name, stream);
                int at = 0, i = 0;
                while (at + 4 <= stream.length) {
                    int len = ((stream[at] & 0xFF) << 24) | ((stream[at + 1] & 0xFF) << 16) | ((stream[at + 2] & 0xFF) << 8) | (stream[at + 3] & 0xFF);
                    byte[] frame = java.util.Arrays.copyOfRange(stream, at + 4, at + 4 + len);
                    write(frames, "seed-frame-" + name + "-" + i, frame);
                    byte[] payload = Frames.payload(frame, WireLimits.DEFAULT);
                    write(messages, "seed-" + name + "-" + i, payload);
                    write(linker, "seed-" + name + "-" + i, payload);
                    at += 4 + len;
                    i++;
                }
                write(json, "seed-vector-" + name, Files.readAllBytes(Path.of(v.toString().replace(".bin", ".json"))));
            }
        }
        write(json, "seed-plain", "{\"a\": [1, 2.5, \"x\", true, null], \"b\": {\"c\": -9223372036854775808}}".getBytes(StandardCharsets.UTF_8));
        write(json, "seed-tagged", ("{\"Array\": [{\"Int\": 1}, {\"Number\": 1.5}, \"None\", {\"Some\": {\"String\": \"s\"}},"
                + " {\"Range\": {\"start\": {\"Int\": 0}, \"end\": {\"Int\": 3}, \"inclusive\": false}},"
                + " {\"Bytes\": \"AAEC\"}, {\"TypedArray\": {\"kind\": \"F64\", \"data\": \"AAAAAAAA8D8=\"}},"
                + " {\"Decimal\": \"1.25\"}, {\"Enum\": {\"name\": \"E\", \"variant\": \"V\", \"payload\": null}}]}").getBytes(StandardCharsets.UTF_8));

        int n = 0;
        for (String[] c : cases()) {
            if (n++ % EVERY != 0) continue;
            String name = "seed-" + c[0].replaceAll("[^A-Za-z0-9_]+", "-");
            write(compiler, name, c[1].getBytes(StandardCharsets.UTF_8));
            Program program;
            try {
                program = ShapeCompiler.compile(c[1]);
            } catch (CompileError e) {
                continue;
            }
            RemoteCallRequest call = new RemoteCallRequest(program, program.entryBlob().name(), null, program.entry(), List.of(), null, null,
                    RemoteCalls.programHash(program), null, 1L);
            byte[] payload = MessageCodec.encode(new WireMessage.Call(call));
            write(linker, name, payload);
            write(messages, name, payload);
            byte[] blobs = BlobInput.write(topological(program), new long[0]);
            if (blobs != null) write(vm, name, blobs);
            try {
                Object value = new Interpreter(Linker.link(program), FuzzChecks.BUDGETS).runMain();
                write(json, name, JsonValues.toJson(value).getBytes(StandardCharsets.UTF_8));
            } catch (ShapeError | WireException e) {
                // no value to seed with
            }
        }
    }

    /** The program's blobs with every dependency before its users, the entry last. */
    static List<FunctionBlob> topological(Program p) {
        Map<FunctionHash, FunctionBlob> out = new LinkedHashMap<>();
        for (FunctionBlob b : p.blobs().values()) visit(p, b, out);
        FunctionBlob entry = out.remove(p.entry());
        List<FunctionBlob> list = new ArrayList<>(out.values());
        list.add(entry);
        return list;
    }

    private static void visit(Program p, FunctionBlob b, Map<FunctionHash, FunctionBlob> out) {
        if (out.containsKey(b.contentHash())) return;
        for (FunctionHash d : b.dependencies()) visit(p, p.blobs().get(d), out);
        out.put(b.contentHash(), b);
    }

    /** {@code [id, source]} of every conformance case, in file order. */
    static List<String[]> cases() throws IOException {
        List<String[]> out = new ArrayList<>();
        JsonFactory f = new JsonFactory();
        for (String line : Files.readAllLines(Path.of("src/test/resources/conformance/shape-cases.jsonl"))) {
            if (line.isBlank()) continue;
            String id = null, source = null;
            try (JsonParser p = f.createParser(line)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    if (k.equals("id")) id = p.getText();
                    else if (k.equals("source")) source = p.getText();
                    else p.skipChildren();
                }
            }
            out.add(new String[] {id, source});
        }
        return out;
    }

    private static Path clean(String dir) throws IOException {
        Path d = ROOT.resolve(dir);
        Files.createDirectories(d);
        try (Stream<Path> old = Files.list(d)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("seed-")).toList()) Files.delete(p);
        }
        return d;
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }
}
