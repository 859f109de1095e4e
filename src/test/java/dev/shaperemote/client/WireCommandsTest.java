package dev.shaperemote.client;

import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.BytesValue;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code compile}, {@code exec} and {@code decode} in-process, through files under a temporary directory. */
class WireCommandsTest {
    @TempDir Path dir;

    private static CliRun cli(String... args) { return CliRun.of(args); }

    private String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    private String path(String name) { return dir.resolve(name).toString(); }

    /** Every line decode printed, read back as plain JSON (tagged values inside become VM values). */
    private List<ObjectValue> decode(String stream) {
        List<ObjectValue> messages = new ArrayList<>();
        for (String line : decodeLines(stream)) messages.add(assertInstanceOf(ObjectValue.class, JsonValues.parse(line)));
        return messages;
    }

    /** The lines decode printed, as text (a SidecarRef has no value outside a call, so it does not read back). */
    private List<String> decodeLines(String stream) {
        CliRun r = cli("decode", stream);
        assertEquals(0, r.exit(), r.err());
        return r.out().lines().toList();
    }

    private static ObjectValue body(ObjectValue message, String variant) {
        assertEquals(List.of(variant), List.copyOf(message.fields.keySet()), "message variant");
        return assertInstanceOf(ObjectValue.class, message.fields.get(variant));
    }

    /** The Ok value of the one CallResponse in a response stream file. */
    private Object okValue(String response) {
        List<ObjectValue> messages = decode(response);
        assertEquals(1, messages.size());
        Object result = body(messages.get(0), "CallResponse").fields.get("result");
        return assertInstanceOf(OkValue.class, result, "not Ok: " + result).value(); // {"Ok": v} reads back as a tagged value
    }

    @Test
    void compileExecDecodeRoundTrip() throws IOException {
        String src = file("add.shape", "fn add(a, b) { a + b }\n");
        CliRun c = cli("compile", src, "--function", "add", "--args", "[2, 40]", "--out", path("call.bin"));
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("Call add"), c.out());

        ObjectValue call = body(decode(path("call.bin")).get(0), "Call");
        assertEquals("add", call.fields.get("function_name"));
        assertEquals(1, assertInstanceOf(ArrayValue.class, call.fields.get("function_blobs")).size());
        assertEquals(64, ((String) call.fields.get("function_hash")).length());

        CliRun e = cli("exec", path("call.bin"), "--out", path("response.bin"));
        assertEquals(0, e.exit(), e.err());
        assertEquals(42L, okValue(path("response.bin")));
    }

    @Test
    void argumentsMayBeTaggedJsonInAFile() throws IOException {
        String src = file("join.shape", "fn pair(a, b) { [a, b] }\n");
        String args = file("args.json", "[{\"Number\": 1}, {\"Some\": \"x\"}]");
        assertEquals(0, cli("compile", src, "--function", "pair", "--args", "@" + args, "--out", path("call.bin")).exit());
        assertEquals(0, cli("exec", path("call.bin"), "--out", path("response.bin")).exit());
        ArrayValue pair = assertInstanceOf(ArrayValue.class, okValue(path("response.bin")));
        assertEquals(1.0, pair.get(0));
    }

    @Test
    void knownHashesLeaveEveryBlobOut() throws IOException {
        String src = file("p.shape", "fn double(x) { x * 2 }\nfn quad(x) { double(double(x)) }\n");
        assertEquals(0, cli("compile", src, "--function", "quad", "--args", "[1]", "--out", path("cold.bin")).exit());
        ArrayValue blobs = assertInstanceOf(ArrayValue.class, body(decode(path("cold.bin")).get(0), "Call").fields.get("function_blobs"));
        assertEquals(2, blobs.size());
        List<String> hashes = new ArrayList<>();
        for (Object b : blobs.items) hashes.add((String) ((ArrayValue) b).get(0));

        CliRun warm = cli("compile", src, "--function", "quad", "--args", "[1]", "--known", String.join(",", hashes), "--out", path("warm.bin"));
        assertEquals(0, warm.exit(), warm.err());
        ObjectValue call = body(decode(path("warm.bin")).get(0), "Call");
        Object blobsSent = call.fields.get("function_blobs");
        // A warm call carries no blobs: the key is nil or left out.
        assertTrue(blobsSent == null || blobsSent == dev.shaperemote.vm.Nil.NONE, "function_blobs: " + blobsSent);
    }

    @Test
    void aLargeTypedArrayTravelsAsASidecarBeforeTheCall() throws IOException {
        int n = 1 << 17; // 1 MiB of f64: exactly the default threshold
        ByteBuffer data = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) data.putDouble(1.5);
        String args = file("big.json", "[{\"TypedArray\": {\"element_kind\": \"F64\", \"len\": " + n + ", \"data\": \""
                + Base64.getEncoder().encodeToString(data.array()) + "\"}}]");
        String src = file("sum.shape", "fn total(xs) { xs.sum() }\n");
        CliRun c = cli("compile", src, "--function", "total", "--args", "@" + args, "--out", path("call.bin"));
        assertEquals(0, c.exit(), c.err());

        List<String> messages = decodeLines(path("call.bin"));
        assertEquals(2, messages.size());
        assertTrue(messages.get(0).startsWith("{\"Sidecar\":{\"sidecar_id\":0,\"data\":\""), messages.get(0).substring(0, 60));
        assertTrue(messages.get(1).startsWith("{\"Call\":"), messages.get(1));
        assertTrue(messages.get(1).contains("\"arguments\":[{\"SidecarRef\":{\"sidecar_id\":0,\"blob_kind\":\"TypedArray:F64\""),
                messages.get(1));

        assertEquals(0, cli("exec", path("call.bin"), "--out", path("response.bin")).exit());
        assertEquals(1.5 * n, okValue(path("response.bin")));
    }

    @Test
    void bytesAtASmallThresholdBecomeASidecarToo() throws IOException {
        String src = file("echo.shape", "fn echo(b) { b }\n");
        CliRun c = cli("compile", src, "--function", "echo", "--args", "[{\"Bytes\": \"AAECAwQFBgc=\"}]", "--threshold", "8",
                "--out", path("call.bin"));
        assertEquals(0, c.exit(), c.err());
        List<String> messages = decodeLines(path("call.bin"));
        assertEquals(2, messages.size());
        assertTrue(messages.get(0).startsWith("{\"Sidecar\":{\"sidecar_id\":0,\"data\":\"AAECAwQFBgc=\"}}"), messages.get(0));
        assertTrue(messages.get(1).contains("\"blob_kind\":\"Bytes\""), messages.get(1));
        assertEquals(0, cli("exec", path("call.bin"), "--out", path("response.bin")).exit());
        BytesValue echoed = assertInstanceOf(BytesValue.class, okValue(path("response.bin")));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, echoed.data());
    }

    @Test
    void execAnswersGarbageWithAProtocolErrorAndExitsZero() throws IOException {
        Files.write(dir.resolve("garbage.bin"), new byte[] {0, 0, 0, 3, 7, 7, 7, 1, 2});
        CliRun e = cli("exec", path("garbage.bin"), "--out", path("response.bin"));
        assertEquals(0, e.exit(), e.err());
        List<WireMessage> response = WireStreamReader.readAll(Files.readAllBytes(dir.resolve("response.bin")), WireLimits.DEFAULT);
        WireMessage.Error error = assertInstanceOf(WireMessage.Error.class, response.get(0));
        assertEquals("ProtocolError", error.kind());
    }

    @Test
    void execJsonPrintsTheResponse() throws IOException {
        String src = file("add.shape", "fn add(a, b) { a + b }\n");
        cli("compile", src, "--function", "add", "--args", "[1, 2]", "--out", path("call.bin"));
        CliRun e = cli("exec", "--json", path("call.bin"));
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().startsWith("{\"CallResponse\":{\"result\":{\"Ok\":{\"Int\":3}}"), e.out());
    }

    @Test
    void execAnswersExecuteAndValidateRequests() throws IOException {
        Files.write(dir.resolve("execute.bin"), WireStreamWriter.toBytes(List.of(new WireMessage.Execute("print(\"hi\")\n6 * 7", 9)), true));
        CliRun e = cli("exec", "--json", path("execute.bin"));
        assertEquals(0, e.exit(), e.err());
        ObjectValue response = body(assertInstanceOf(ObjectValue.class, JsonValues.parse(e.out().strip())), "ExecuteResponse");
        assertEquals(true, response.fields.get("success"));
        assertEquals(42L, response.fields.get("value"));
        assertEquals("hi\n", response.fields.get("stdout"));
    }

    @Test
    void decodePrintsWhatItCouldReadThenFailsOnGarbage() throws IOException {
        String src = file("add.shape", "fn add(a, b) { a + b }\n");
        cli("compile", src, "--function", "add", "--args", "[1, 2]", "--out", path("call.bin"));
        byte[] call = Files.readAllBytes(dir.resolve("call.bin"));
        byte[] stream = new byte[call.length + 6];
        System.arraycopy(call, 0, stream, 0, call.length);
        System.arraycopy(new byte[] {0, 0, 0, 2, 0, (byte) 0xc1}, 0, stream, call.length, 6); // 0xc1: never used in MessagePack
        Files.write(dir.resolve("mixed.bin"), stream);

        CliRun d = cli("decode", path("mixed.bin"));
        assertEquals(1, d.exit());
        assertEquals(1, d.out().strip().split("\n").length, d.out());
        assertTrue(d.out().startsWith("{\"Call\":"), d.out());
        assertTrue(d.err().startsWith("error[ProtocolError]: frame 1: "), d.err());
        assertFalse(d.err().contains("Exception"), d.err());
    }

    @Test
    void decodeOfRandomBytesExitsOne() throws IOException {
        Files.write(dir.resolve("garbage.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2, 3});
        CliRun d = cli("decode", path("garbage.bin"));
        assertEquals(1, d.exit());
        assertEquals("", d.out());
        assertTrue(d.err().startsWith("error[ProtocolError]: "), d.err());
    }

    @Test
    void aCompileErrorNamesLineAndColumn() throws IOException {
        String src = file("bad.shape", "fn ok() { 1 }\nlet = = 3\n");
        CliRun c = cli("compile", src, "--function", "ok", "--out", path("call.bin"));
        assertEquals(1, c.exit());
        assertTrue(c.err().matches("error\\[CompileError]: line 2, column \\d+: .*\\R"), c.err());
        assertFalse(Files.exists(dir.resolve("call.bin")));
    }

    @Test
    void anUnknownFunctionIsRefusedAndTheDefinedOnesListed() throws IOException {
        String src = file("add.shape", "fn add(a, b) { a + b }\n");
        CliRun c = cli("compile", src, "--function", "sub", "--out", path("call.bin"));
        assertEquals(1, c.exit());
        assertTrue(c.err().startsWith("error[FunctionNotFound]: no function is named 'sub'"), c.err());
        assertTrue(c.err().contains("it defines add"), c.err());
    }

    @Test
    void badArgumentsAndHashesAreReportedWithoutAStackTrace() throws IOException {
        String src = file("add.shape", "fn add(a, b) { a + b }\n");
        CliRun json = cli("compile", src, "--function", "add", "--args", "[1,", "--out", path("call.bin"));
        assertEquals(1, json.exit());
        assertTrue(json.err().startsWith("error[ArgumentError]: --args: malformed JSON"), json.err());

        CliRun notArray = cli("compile", src, "--function", "add", "--args", "{\"a\": 1}", "--out", path("call.bin"));
        assertEquals(1, notArray.exit());
        assertTrue(notArray.err().contains("JSON array"), notArray.err());

        CliRun hash = cli("compile", src, "--function", "add", "--known", "abc", "--out", path("call.bin"));
        assertEquals(2, hash.exit());
        assertTrue(hash.err().startsWith("error[UsageError]: "), hash.err());

        CliRun missing = cli("exec", path("nothing.bin"));
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("error[IOError]: cannot read "), missing.err());
    }
}
