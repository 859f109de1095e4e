package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link WireMessage} to and from one MessagePack payload (WIRE.md sections 3-5). Bodies are maps
 * keyed by snake_case names; an optional whose value is nil is left out (decoding accepts it
 * absent or nil); unknown keys are skipped; a missing required key is a {@link WireException} naming it.
 */
public final class MessageCodec {
    private MessageCodec() {}

    public static byte[] encode(WireMessage m) { return encode(m, WireLimits.DEFAULT_MAX_DEPTH); }

    public static byte[] encode(WireMessage m, int maxDepth) { return pack(m, maxDepth).toByteArray(); }

    /** The message in a packer whose size is known and whose large bins are still the caller's arrays (not copied). */
    static MessageBufferPacker pack(WireMessage m, int maxDepth) {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        try {
            write(p, m, maxDepth);
            p.flush();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer does no I/O
        }
    }

    /** Decodes exactly one message; anything malformed, including trailing bytes, is a WireException. */
    public static WireMessage decode(byte[] payload, WireLimits limits) { return decode(payload, 0, payload.length, limits); }

    /** Decodes the message held in {@code length} bytes of {@code src} from {@code offset}, without copying them. */
    public static WireMessage decode(byte[] src, int offset, int length, WireLimits limits) {
        WireReader r = new WireReader(src, offset, length, limits);
        WireMessage m;
        try {
            m = read(r);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // A value class refused what the checks above let through; still the sender's fault.
            // Only our own value classes' messages are meant for the sender; a library's are not passed on.
            StackTraceElement[] at = e.getStackTrace();
            boolean ours = at.length > 0 && at[0].getClassName().startsWith("dev.shaperemote.");
            throw new WireException("malformed message: " + (ours ? e.getMessage() : "a value is out of range"), e);
        }
        if (!r.atEnd()) throw new WireException("trailing bytes after the message");
        return m;
    }

    // ---------------------------------------------------------------- encoding

    public static void write(MessagePacker p, WireMessage m, int maxDepth) throws IOException {
        p.packMapHeader(1);
        p.packString(m.variant());
        if (m instanceof WireMessage.BlobNegotiationRequest b) {
            p.packMapHeader(1);
            p.packString("offered_hashes");
            BlobCodec.hashes(p, b.offeredHashes());
        } else if (m instanceof WireMessage.BlobNegotiationResponse b) {
            p.packMapHeader(1);
            p.packString("known_hashes");
            BlobCodec.hashes(p, b.knownHashes());
        } else if (m instanceof WireMessage.Call c) {
            writeCall(p, c.request(), maxDepth);
        } else if (m instanceof WireMessage.RemoteCallResponse c) {
            p.packMapHeader(1 + present(c.requestId(), c.metrics()));
            p.packString("result");
            p.packMapHeader(1);
            if (c.isOk()) {
                p.packString("Ok");
                ValueCodec.write(p, c.value(), maxDepth);
            } else {
                p.packString("Err");
                writeError(p, c.error(), maxDepth);
            }
            optionalLong(p, "request_id", c.requestId());
            writeMetrics(p, c.metrics());
        } else if (m instanceof WireMessage.BlobSidecar s) {
            p.packMapHeader(2);
            p.packString("sidecar_id");
            p.packLong(s.sidecarId());
            p.packString("data");
            ValueCodec.bin(p, s.data());
        } else if (m instanceof WireMessage.Ping) {
            p.packMapHeader(0);
        } else if (m instanceof WireMessage.Pong pong) {
            p.packMapHeader(3);
            p.packString("shape_version");
            p.packString(pong.shapeVersion());
            p.packString("wire_protocol");
            p.packLong(pong.wireProtocol());
            p.packString("capabilities");
            BlobCodec.strings(p, pong.capabilities());
        } else if (m instanceof WireMessage.Auth a) {
            p.packMapHeader(1);
            p.packString("token");
            p.packString(a.token());
        } else if (m instanceof WireMessage.AuthResponse a) {
            p.packMapHeader(1 + present(a.error()));
            p.packString("authenticated");
            p.packBoolean(a.authenticated());
            optionalString(p, "error", a.error());
        } else if (m instanceof WireMessage.Execute e) {
            p.packMapHeader(2);
            p.packString("code");
            p.packString(e.code());
            p.packString("request_id");
            p.packLong(e.requestId());
        } else if (m instanceof WireMessage.ExecuteResponse e) {
            p.packMapHeader(4 + present(e.stdout(), e.error(), e.metrics()));
            p.packString("request_id");
            p.packLong(e.requestId());
            p.packString("success");
            p.packBoolean(e.success());
            p.packString("value");
            ValueCodec.write(p, e.value(), maxDepth);
            optionalString(p, "stdout", e.stdout());
            optionalString(p, "error", e.error());
            p.packString("diagnostics");
            writeDiagnostics(p, e.diagnostics());
            writeMetrics(p, e.metrics());
        } else if (m instanceof WireMessage.Validate v) {
            p.packMapHeader(2);
            p.packString("code");
            p.packString(v.code());
            p.packString("request_id");
            p.packLong(v.requestId());
        } else if (m instanceof WireMessage.ValidateResponse v) {
            p.packMapHeader(3);
            p.packString("request_id");
            p.packLong(v.requestId());
            p.packString("success");
            p.packBoolean(v.success());
            p.packString("diagnostics");
            writeDiagnostics(p, v.diagnostics());
        } else if (m instanceof WireMessage.Error e) {
            p.packMapHeader(2 + present(e.requestId()));
            p.packString("kind");
            p.packString(e.kind());
            p.packString("message");
            p.packString(e.message());
            optionalLong(p, "request_id", e.requestId());
        } else {
            throw new IllegalStateException("unhandled message " + m.variant()); // the interface is sealed
        }
    }

    private static void writeCall(MessagePacker p, RemoteCallRequest c, int maxDepth) throws IOException {
        // Nil optionals are left out (WIRE.md section 3), so the header counts only the keys present.
        p.packMapHeader(3 + present(c.program(), c.functionId(), c.functionHash(), c.upvalues(), c.typeSchemas(),
                c.functionBlobs(), c.requestId()));
        if (c.program() != null) {
            p.packString("program");
            BlobCodec.writeProgram(p, c.program());
        }
        p.packString("function_name");
        p.packString(c.functionName());
        if (c.functionId() != null) {
            p.packString("function_id");
            p.packInt(c.functionId());
        }
        ValueCodec.optionalHash(p, "function_hash", c.functionHash());
        p.packString("arguments");
        writeValues(p, c.arguments(), maxDepth);
        if (c.upvalues() != null) {
            p.packString("upvalues");
            writeValues(p, c.upvalues(), maxDepth);
        }
        if (c.typeSchemas() != null) {
            p.packString("type_schemas");
            PlainCodec.write(p, c.typeSchemas(), 1, maxDepth);
        }
        p.packString("program_hash");
        ValueCodec.hash(p, c.programHash());
        if (c.functionBlobs() != null) {
            p.packString("function_blobs");
            BlobCodec.writeHashedBlobs(p, c.functionBlobs());
        }
        optionalLong(p, "request_id", c.requestId());
    }

    /** How many of these optional values are present (not null): the keys an encoder writes for them. */
    static int present(Object... optionals) {
        int n = 0;
        for (Object o : optionals) if (o != null) n++;
        return n;
    }

    private static void writeValues(MessagePacker p, List<Object> values, int maxDepth) throws IOException {
        p.packArrayHeader(values.size());
        for (Object v : values) ValueCodec.write(p, v, maxDepth);
    }

    private static void writeError(MessagePacker p, RemoteCallError e, int maxDepth) throws IOException {
        p.packMapHeader(2 + present(e.details()));
        p.packString("message");
        p.packString(e.message());
        p.packString("kind");
        p.packString(e.kind());
        if (e.details() != null) {
            p.packString("details");
            PlainCodec.write(p, e.details(), 1, maxDepth);
        }
    }

    /** The {@code metrics} key and its value; nothing when there are no metrics. */
    private static void writeMetrics(MessagePacker p, ExecutionMetrics m) throws IOException {
        if (m == null) return;
        p.packString("metrics");
        p.packMapHeader(3);
        p.packString("instructions_executed");
        p.packLong(m.instructionsExecuted());
        p.packString("wall_time_us");
        p.packLong(m.wallTimeUs());
        p.packString("memory_bytes_peak");
        p.packLong(m.memoryBytesPeak());
    }

    private static void writeDiagnostics(MessagePacker p, List<Diagnostic> ds) throws IOException {
        p.packArrayHeader(ds.size());
        for (Diagnostic d : ds) {
            p.packMapHeader(2 + present(d.line(), d.column()));
            p.packString("severity");
            p.packString(d.severity());
            p.packString("message");
            p.packString(d.message());
            optionalLong(p, "line", d.line() == null ? null : (long) d.line());
            optionalLong(p, "column", d.column() == null ? null : (long) d.column());
        }
    }

    /** Writes key and value when the value is present; a nil optional is left out. */
    private static void optionalLong(MessagePacker p, String key, Long v) throws IOException {
        if (v == null) return;
        p.packString(key);
        p.packLong(v);
    }

    private static void optionalString(MessagePacker p, String key, String v) throws IOException {
        if (v == null) return;
        p.packString(key);
        p.packString(v);
    }

    // ---------------------------------------------------------------- decoding

    private static WireMessage read(WireReader r) {
        ValueType t = r.nextType("a message");
        String variant;
        if (t == ValueType.STRING) {
            // A variant without data may come as a bare string; only Ping has an empty body.
            variant = r.string("a message");
            if (variant.equals("Ping")) return new WireMessage.Ping();
            throw new WireException("message variant \"" + variant + "\" needs a body");
        }
        if (r.mapHeader("a message") != 1) throw new WireException("a message must be a map with exactly one entry");
        variant = r.string("a message's variant");
        switch (variant) {
            case "BlobNegotiation": return blobNegotiation(r);
            case "BlobNegotiationReply": return blobNegotiationReply(r);
            case "Call": return new WireMessage.Call(call(r));
            case "CallResponse": return callResponse(r);
            case "Sidecar": return sidecar(r);
            case "Ping": {
                if (!r.tryNil("Ping")) {
                    int n = r.mapHeader("Ping");
                    for (int i = 0; i < n; i++) { r.string("Ping key"); r.skip("Ping"); }
                }
                return new WireMessage.Ping();
            }
            case "Pong": return pong(r);
            case "Auth": return auth(r);
            case "AuthResponse": return authResponse(r);
            case "Execute": return execute(r);
            case "ExecuteResponse": return executeResponse(r);
            case "Validate": return validate(r);
            case "ValidateResponse": return validateResponse(r);
            case "Error": return error(r);
            default: throw new WireException("unknown message variant \"" + variant + "\"");
        }
    }

    private static WireMessage blobNegotiation(WireReader r) {
        int n = r.mapHeader("BlobNegotiation");
        List<FunctionHash> hashes = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("BlobNegotiation key");
            if (k.equals("offered_hashes")) hashes = BlobCodec.readHashes(r, "BlobNegotiation.offered_hashes");
            else r.skip("BlobNegotiation." + k);
        }
        return new WireMessage.BlobNegotiationRequest(WireReader.required("BlobNegotiation", "offered_hashes", hashes));
    }

    private static WireMessage blobNegotiationReply(WireReader r) {
        int n = r.mapHeader("BlobNegotiationReply");
        List<FunctionHash> hashes = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("BlobNegotiationReply key");
            if (k.equals("known_hashes")) hashes = BlobCodec.readHashes(r, "BlobNegotiationReply.known_hashes");
            else r.skip("BlobNegotiationReply." + k);
        }
        return new WireMessage.BlobNegotiationResponse(WireReader.required("BlobNegotiationReply", "known_hashes", hashes));
    }

    private static RemoteCallRequest call(WireReader r) {
        final String s = "Call";
        int n = r.mapHeader(s);
        Program program = null;
        String functionName = null;
        Integer functionId = null;
        FunctionHash functionHash = null, programHash = null;
        List<Object> arguments = null, upvalues = null;
        Map<Object, Object> typeSchemas = null;
        List<HashedBlob> blobs = null;
        Long requestId = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "program": program = r.tryNil(s + ".program") ? null : BlobCodec.readProgram(r); break;
                case "function_name": functionName = r.string(s + ".function_name"); break;
                case "function_id": functionId = r.tryNil(s + ".function_id") ? null : r.u16(s + ".function_id"); break;
                case "function_hash": functionHash = r.tryNil(s + ".function_hash") ? null : r.hash(s + ".function_hash"); break;
                case "arguments": arguments = readValues(r, s + ".arguments"); break;
                case "upvalues": upvalues = r.tryNil(s + ".upvalues") ? null : readValues(r, s + ".upvalues"); break;
                case "type_schemas": typeSchemas = r.tryNil(s + ".type_schemas") ? null : PlainCodec.readMap(r, 1, s + ".type_schemas"); break;
                case "program_hash": programHash = r.hash(s + ".program_hash"); break;
                case "function_blobs": blobs = r.tryNil(s + ".function_blobs") ? null : BlobCodec.readHashedBlobs(r, s + ".function_blobs"); break;
                case "request_id": requestId = r.tryNil(s + ".request_id") ? null : r.u64(s + ".request_id"); break;
                default: r.skip(s + "." + k);
            }
        }
        return new RemoteCallRequest(program, WireReader.required(s, "function_name", functionName), functionId, functionHash,
                WireReader.required(s, "arguments", arguments), upvalues, typeSchemas,
                WireReader.required(s, "program_hash", programHash), blobs, requestId);
    }

    private static List<Object> readValues(WireReader r, String what) {
        int n = r.arrayHeader(what);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(ValueCodec.read(r, 1));
        return out;
    }

    private static WireMessage callResponse(WireReader r) {
        final String s = "CallResponse";
        int n = r.mapHeader(s);
        boolean haveResult = false;
        Object value = null;
        RemoteCallError error = null;
        Long requestId = null;
        ExecutionMetrics metrics = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "result": {
                    if (r.mapHeader(s + ".result") != 1) throw new WireException(s + ".result must be {\"Ok\": value} or {\"Err\": error}");
                    String tag = r.string(s + ".result variant");
                    if (tag.equals("Ok")) { value = ValueCodec.read(r, 1); error = null; }
                    else if (tag.equals("Err")) { error = remoteCallError(r); value = null; }
                    else throw new WireException(s + ".result must be Ok or Err, got \"" + tag + "\"");
                    haveResult = true;
                    break;
                }
                case "request_id": requestId = r.tryNil(s + ".request_id") ? null : r.u64(s + ".request_id"); break;
                case "metrics": metrics = metrics(r, s + ".metrics"); break;
                default: r.skip(s + "." + k);
            }
        }
        if (!haveResult) throw WireException.missingKey(s, "result");
        return new WireMessage.RemoteCallResponse(value, error, requestId, metrics);
    }

    private static RemoteCallError remoteCallError(WireReader r) {
        final String s = "RemoteCallError";
        int n = r.mapHeader(s);
        String message = null, kind = null;
        Map<Object, Object> details = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "message": message = r.string(s + ".message"); break;
                case "kind": kind = r.string(s + ".kind"); break;
                case "details": details = r.tryNil(s + ".details") ? null : PlainCodec.readMap(r, 1, s + ".details"); break;
                default: r.skip(s + "." + k);
            }
        }
        return new RemoteCallError(WireReader.required(s, "message", message), WireReader.required(s, "kind", kind), details);
    }

    private static ExecutionMetrics metrics(WireReader r, String what) {
        if (r.tryNil(what)) return null;
        final String s = "ExecutionMetrics";
        int n = r.mapHeader(s);
        Long instructions = null, wall = null, memory = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "instructions_executed": instructions = r.u64(s + ".instructions_executed"); break;
                case "wall_time_us": wall = r.u64(s + ".wall_time_us"); break;
                case "memory_bytes_peak": memory = r.u64(s + ".memory_bytes_peak"); break;
                default: r.skip(s + "." + k);
            }
        }
        return new ExecutionMetrics(WireReader.required(s, "instructions_executed", instructions),
                WireReader.required(s, "wall_time_us", wall), WireReader.required(s, "memory_bytes_peak", memory));
    }

    private static WireMessage sidecar(WireReader r) {
        int n = r.mapHeader("Sidecar");
        Integer id = null;
        byte[] data = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Sidecar key");
            switch (k) {
                case "sidecar_id": id = r.u31("Sidecar.sidecar_id"); break;
                case "data": data = r.bin("Sidecar.data"); break;
                default: r.skip("Sidecar." + k);
            }
        }
        return new WireMessage.BlobSidecar(WireReader.required("Sidecar", "sidecar_id", id), WireReader.required("Sidecar", "data", data));
    }

    private static WireMessage pong(WireReader r) {
        int n = r.mapHeader("Pong");
        String version = null;
        Long protocol = null;
        List<String> caps = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Pong key");
            switch (k) {
                case "shape_version": version = r.string("Pong.shape_version"); break;
                case "wire_protocol": protocol = r.u32("Pong.wire_protocol"); break;
                case "capabilities": caps = BlobCodec.readStrings(r, "Pong.capabilities"); break;
                default: r.skip("Pong." + k);
            }
        }
        return new WireMessage.Pong(WireReader.required("Pong", "shape_version", version),
                WireReader.required("Pong", "wire_protocol", protocol), WireReader.required("Pong", "capabilities", caps));
    }

    private static WireMessage auth(WireReader r) {
        int n = r.mapHeader("Auth");
        String token = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Auth key");
            if (k.equals("token")) token = r.string("Auth.token"); else r.skip("Auth." + k);
        }
        return new WireMessage.Auth(WireReader.required("Auth", "token", token));
    }

    private static WireMessage authResponse(WireReader r) {
        int n = r.mapHeader("AuthResponse");
        Boolean ok = null;
        String error = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("AuthResponse key");
            switch (k) {
                case "authenticated": ok = r.bool("AuthResponse.authenticated"); break;
                case "error": error = r.tryNil("AuthResponse.error") ? null : r.string("AuthResponse.error"); break;
                default: r.skip("AuthResponse." + k);
            }
        }
        return new WireMessage.AuthResponse(WireReader.required("AuthResponse", "authenticated", ok), error);
    }

    private static WireMessage execute(WireReader r) {
        String[] code = new String[1];
        long id = codeAndId(r, "Execute", code);
        return new WireMessage.Execute(code[0], id);
    }

    private static WireMessage validate(WireReader r) {
        String[] code = new String[1];
        long id = codeAndId(r, "Validate", code);
        return new WireMessage.Validate(code[0], id);
    }

    /** The shared body of Execute and Validate: {@code code} and {@code request_id}. */
    private static long codeAndId(WireReader r, String s, String[] codeOut) {
        int n = r.mapHeader(s);
        String code = null;
        Long id = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "code": code = r.string(s + ".code"); break;
                case "request_id": id = r.u64(s + ".request_id"); break;
                default: r.skip(s + "." + k);
            }
        }
        codeOut[0] = WireReader.required(s, "code", code);
        return WireReader.required(s, "request_id", id);
    }

    private static WireMessage executeResponse(WireReader r) {
        final String s = "ExecuteResponse";
        int n = r.mapHeader(s);
        Long id = null;
        Boolean success = null;
        Object value = null;
        String stdout = null, error = null;
        List<Diagnostic> diagnostics = null;
        ExecutionMetrics metrics = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "request_id": id = r.u64(s + ".request_id"); break;
                case "success": success = r.bool(s + ".success"); break;
                case "value": value = ValueCodec.read(r, 1); break;
                case "stdout": stdout = r.tryNil(s + ".stdout") ? null : r.string(s + ".stdout"); break;
                case "error": error = r.tryNil(s + ".error") ? null : r.string(s + ".error"); break;
                case "diagnostics": diagnostics = diagnostics(r, s + ".diagnostics"); break;
                case "metrics": metrics = metrics(r, s + ".metrics"); break;
                default: r.skip(s + "." + k);
            }
        }
        return new WireMessage.ExecuteResponse(WireReader.required(s, "request_id", id), WireReader.required(s, "success", success),
                WireReader.required(s, "value", value), stdout, error, WireReader.required(s, "diagnostics", diagnostics), metrics);
    }

    private static WireMessage validateResponse(WireReader r) {
        final String s = "ValidateResponse";
        int n = r.mapHeader(s);
        Long id = null;
        Boolean success = null;
        List<Diagnostic> diagnostics = null;
        for (int i = 0; i < n; i++) {
            String k = r.string(s + " key");
            switch (k) {
                case "request_id": id = r.u64(s + ".request_id"); break;
                case "success": success = r.bool(s + ".success"); break;
                case "diagnostics": diagnostics = diagnostics(r, s + ".diagnostics"); break;
                default: r.skip(s + "." + k);
            }
        }
        return new WireMessage.ValidateResponse(WireReader.required(s, "request_id", id), WireReader.required(s, "success", success),
                WireReader.required(s, "diagnostics", diagnostics));
    }

    private static List<Diagnostic> diagnostics(WireReader r, String what) {
        int count = r.arrayHeader(what);
        List<Diagnostic> out = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            final String s = "Diagnostic";
            int n = r.mapHeader(s);
            String severity = null, message = null;
            Integer line = null, column = null;
            for (int i = 0; i < n; i++) {
                String k = r.string(s + " key");
                switch (k) {
                    case "severity": severity = r.string(s + ".severity"); break;
                    case "message": message = r.string(s + ".message"); break;
                    case "line": line = r.tryNil(s + ".line") ? null : r.u31(s + ".line"); break;
                    case "column": column = r.tryNil(s + ".column") ? null : r.u31(s + ".column"); break;
                    default: r.skip(s + "." + k);
                }
            }
            WireReader.required(s, "severity", severity);
            if (!Diagnostic.SEVERITIES.contains(severity)) throw new WireException("Diagnostic.severity must be error, warning or info, got \"" + severity + "\"");
            out.add(new Diagnostic(severity, WireReader.required(s, "message", message), line, column));
        }
        return out;
    }

    private static WireMessage error(WireReader r) {
        int n = r.mapHeader("Error");
        String kind = null, message = null;
        Long id = null;
        for (int i = 0; i < n; i++) {
            String k = r.string("Error key");
            switch (k) {
                case "kind": kind = r.string("Error.kind"); break;
                case "message": message = r.string("Error.message"); break;
                case "request_id": id = r.tryNil("Error.request_id") ? null : r.u64("Error.request_id"); break;
                default: r.skip("Error." + k);
            }
        }
        return new WireMessage.Error(WireReader.required("Error", "kind", kind), WireReader.required("Error", "message", message), id);
    }
}
