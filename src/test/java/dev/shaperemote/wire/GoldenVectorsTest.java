package dev.shaperemote.wire;

import dev.shaperemote.bytecode.BlobHasher;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RequestHandler;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden vectors under {@code src/test/resources/wire-vectors/}: each {@code NAME.bin} is a stream,
 * {@code NAME.json} the messages it decodes to (rendered by {@link MessageJson}). Another
 * implementation can check itself against them. Regenerate (only on purpose) with
 * {@code -Dwire.vectors.write=true}, run from the project directory.
 */
class GoldenVectorsTest {
    /** The source the golden blob was compiled from. */
    static final String GOLDEN_SOURCE = "fn double(x) { x * 2 }";

    /**
     * A small, fixed, runnable blob: {@link #GOLDEN_SOURCE} as the compiler emitted it (LOAD_LOCAL 0,
     * CONST 0, MUL, RETURN; constants [Int 2]), written out here so the vectors do not move when the
     * compiler's output does. Its content hash is published in docs/WIRE.md.
     */
    static FunctionBlob goldenBlob() {
        byte[] code = HexFormat.of().parseHex("000000070000000000000000000000000000001500000030");
        return FunctionBlob.create("double", 1, List.of("x"), 1, false, 0, code, List.of(2L),
                List.of(), List.of(), List.of(new int[] {0, 1, 14}));
    }

    static FunctionHash programHash(Program p) {
        try (MessageBufferPacker pk = MessagePack.newDefaultBufferPacker()) {
            BlobCodec.writeProgram(pk, p);
            return FunctionHash.of(BlobHasher.sha256(pk.toByteArray()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Vector(List<WireMessage> messages, boolean compress) {}

    static Map<String, Vector> vectors() {
        FunctionBlob blob = goldenBlob();
        FunctionHash h = blob.contentHash();
        FunctionHash programHash = programHash(new Program(h, Map.of(h, blob)));
        byte[] sidecarData = new byte[1024];
        for (int i = 0; i < sidecarData.length; i++) sidecarData[i] = (byte) (i % 7);
        FunctionHash dataHash = FunctionHash.of(BlobHasher.sha256(sidecarData));
        Map<String, Vector> v = new LinkedHashMap<>();
        v.put("ping", new Vector(List.of(new WireMessage.Ping()), false));
        v.put("pong", new Vector(List.of(new WireMessage.Pong("0.1.0", 1,
                List.of("call", "blob-negotiation", "sidecar", "compression-zstd"))), false));
        v.put("call-int-one-blob", new Vector(List.of(new WireMessage.Call(new RemoteCallRequest(null, "double", null, h,
                List.of(21L), null, null, programHash, List.of(new HashedBlob(h, blob)), 1L))), false));
        v.put("call-response-ok", new Vector(List.of(WireMessage.RemoteCallResponse.ok(42L, 1L, new ExecutionMetrics(12, 85, 4096))), false));
        v.put("call-response-err", new Vector(List.of(WireMessage.RemoteCallResponse.err(new RemoteCallError(
                "missing function blobs", "MissingModuleFunction", Map.of("missing_hashes", List.of(h.bytes()))), 2L, null)), false));
        v.put("error", new Vector(List.of(new WireMessage.Error("ProtocolError", "frame has unknown flag bits 0x2", null)), false));
        v.put("sidecar-call-zstd", new Vector(List.of(new WireMessage.BlobSidecar(0, sidecarData),
                new WireMessage.Call(new RemoteCallRequest(null, "double", null, h,
                        List.of(new SidecarRef(0, "Bytes", dataHash, sidecarData.length, 0)), null, null, programHash, null, 3L))), true));
        return v;
    }

    static String json(List<WireMessage> messages) {
        List<String> parts = new ArrayList<>();
        for (WireMessage m : messages) parts.add(MessageJson.toJson(m));
        return "[\n" + String.join(",\n", parts) + "\n]\n";
    }

    @Test
    void everyVectorDecodesToItsJson() throws IOException {
        boolean write = Boolean.getBoolean("wire.vectors.write");
        for (Entry<String, Vector> e : vectors().entrySet()) {
            String name = e.getKey();
            byte[] expectedStream = WireStreamWriter.toBytes(e.getValue().messages(), e.getValue().compress());
            if (write) {
                Path dir = Path.of("src/test/resources/wire-vectors");
                Files.createDirectories(dir);
                Files.write(dir.resolve(name + ".bin"), expectedStream);
                Files.writeString(dir.resolve(name + ".json"), json(e.getValue().messages()));
                continue;
            }
            byte[] stream = resource(name + ".bin");
            String json = new String(resource(name + ".json"), StandardCharsets.UTF_8);
            List<WireMessage> decoded = WireStreamReader.readAll(stream, WireLimits.DEFAULT);
            assertEquals(json.replace("\r\n", "\n"), json(decoded), name);
            if (!e.getValue().compress()) assertArrayEquals(expectedStream, stream, name + " is not this codec's encoding");
        }
    }

    @Test
    void theGoldenBlobHashesAsPublished() {
        FunctionBlob b = goldenBlob();
        assertTrue(b.hashIsValid());
        FunctionBlob decoded = ((WireMessage.Call) WireStreamReader.readAll(resource("call-int-one-blob.bin"), WireLimits.DEFAULT)
                .get(0)).request().functionBlobs().get(0).blob();
        assertTrue(decoded.hashIsValid());
        assertEquals(b.contentHash(), decoded.contentHash());
        // The hashes published in docs/WIRE.md section 11 (the Python snippet there checks the same two).
        assertEquals("bd05560d8dc1ea6cdda9ed15dbbb79cbdf203237a5295308bd20b5fa6c6b50c9", decoded.contentHash().hex());
        assertEquals("a233b579aade1ee4981d5d86f8c1467d7ef69e0fdcc4daf16519088177b930b4",
                programHash(new Program(decoded.contentHash(), Map.of(decoded.contentHash(), decoded))).hex());
    }

    /** The golden call runs: through the worker's request handler it answers Ok 42. */
    @Test
    void theGoldenCallRunsThroughTheRequestHandler() {
        List<WireMessage> request = WireStreamReader.readAll(resource("call-int-one-blob.bin"), WireLimits.DEFAULT);
        WireMessage answer = new RequestHandler(new RemoteBlobCache(100, 1 << 20), null).handle(request, RemoteExecutor.CallOptions.defaults());
        WireMessage.RemoteCallResponse r = assertInstanceOf(WireMessage.RemoteCallResponse.class, answer);
        assertTrue(r.isOk(), () -> String.valueOf(r.error()));
        assertEquals(42L, r.value());
        assertEquals(1L, r.requestId());
        // And the whole stream, as the worker's transport hands it over.
        List<WireMessage> back = WireStreamReader.readAll(new RequestHandler(new RemoteBlobCache(100, 1 << 20), null)
                .handleStream(resource("call-int-one-blob.bin"), WireLimits.DEFAULT, RemoteExecutor.CallOptions.defaults()), WireLimits.DEFAULT);
        assertEquals(42L, ((WireMessage.RemoteCallResponse) back.get(0)).value());
    }

    /** The blob is what the compiler makes of the golden source (so it is real code, not hand-made bytes). */
    @Test
    void theGoldenBlobIsTheCompiledGoldenSource() {
        FunctionBlob compiled = ShapeCompiler.compile(GOLDEN_SOURCE).byName("double");
        assertArrayEquals(goldenBlob().instructions(), compiled.instructions());
        assertEquals(goldenBlob().constants(), compiled.constants());
    }

    /** The error vector carries what the worker really sends for a missing blob: details.missing_hashes as bin32. */
    @Test
    void theErrorVectorHasTheWorkersDetailsShape() {
        WireMessage.RemoteCallResponse r = (WireMessage.RemoteCallResponse) WireStreamReader.readAll(resource("call-response-err.bin"), WireLimits.DEFAULT).get(0);
        List<?> missing = (List<?>) r.error().details().get("missing_hashes");
        assertArrayEquals(goldenBlob().contentHash().bytes(), (byte[]) missing.get(0));
    }

    private static byte[] resource(String name) {
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/wire-vectors/" + name)) {
            assertNotNull(in, "missing golden vector " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
