package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.Nil;
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
            BLOB_NEGOTIATION.write(p, maxDepth, b.offeredHashes());
        } else if (m instanceof WireMessage.BlobNegotiationResponse b) {
            BLOB_NEGOTIATION_REPLY.write(p, maxDepth, b.knownHashes());
        } else if (m instanceof WireMessage.Call c) {
            RemoteCallRequest q = c.request();
            CALL.write(p, maxDepth, q.program(), q.functionName(), q.functionId(), q.functionHash(), q.arguments(), q.upvalues(),
                    q.typeSchemas(), q.programHash(), q.functionBlobs(), q.requestId());
        } else if (m instanceof WireMessage.RemoteCallResponse c) {
            CALL_RESPONSE.write(p, maxDepth, new Result(c.value(), c.error()), c.requestId(), c.metrics());
        } else if (m instanceof WireMessage.BlobSidecar s) {
            SIDECAR.write(p, maxDepth, s.sidecarId(), s.data());
        } else if (m instanceof WireMessage.Ping) {
            PING.write(p, maxDepth);
        } else if (m instanceof WireMessage.Pong pong) {
            PONG.write(p, maxDepth, pong.shapeVersion(), pong.wireProtocol(), pong.capabilities());
        } else if (m instanceof WireMessage.Auth a) {
            AUTH.write(p, maxDepth, a.token());
        } else if (m instanceof WireMessage.AuthResponse a) {
            AUTH_RESPONSE.write(p, maxDepth, a.authenticated(), a.error());
        } else if (m instanceof WireMessage.Execute e) {
            EXECUTE.write(p, maxDepth, e.code(), e.requestId());
        } else if (m instanceof WireMessage.ExecuteResponse e) {
            EXECUTE_RESPONSE.write(p, maxDepth, e.requestId(), e.success(), e.value() == null ? Nil.NONE : e.value(), e.stdout(), e.error(), e.diagnostics(), e.metrics());
        } else if (m instanceof WireMessage.Validate v) {
            VALIDATE.write(p, maxDepth, v.code(), v.requestId());
        } else if (m instanceof WireMessage.ValidateResponse v) {
            VALIDATE_RESPONSE.write(p, maxDepth, v.requestId(), v.success(), v.diagnostics());
        } else if (m instanceof WireMessage.Error e) {
            ERROR.write(p, maxDepth, e.kind(), e.message(), e.requestId());
        } else {
            throw new IllegalStateException("unhandled message " + m.variant()); // the interface is sealed
        }
    }

    /** How many of these optional values are present (not null): the keys an encoder writes for them. */
    static int present(Object... optionals) {
        int n = 0;
        for (Object o : optionals) if (o != null) n++;
        return n;
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
            case "BlobNegotiation": return new WireMessage.BlobNegotiationRequest(BLOB_NEGOTIATION.read(r).required(OFFERED_HASHES));
            case "BlobNegotiationReply": return new WireMessage.BlobNegotiationResponse(BLOB_NEGOTIATION_REPLY.read(r).required(KNOWN_HASHES));
            case "Call": return new WireMessage.Call(call(r));
            case "CallResponse": return callResponse(r);
            case "Sidecar": {
                WireStruct.Fields f = SIDECAR.read(r);
                return new WireMessage.BlobSidecar(f.required(SIDECAR_ID), f.required(DATA));
            }
            case "Ping": {
                if (!r.tryNil("Ping")) PING.read(r);
                return new WireMessage.Ping();
            }
            case "Pong": {
                WireStruct.Fields f = PONG.read(r);
                return new WireMessage.Pong(f.required(SHAPE_VERSION), f.required(WIRE_PROTOCOL), f.required(CAPABILITIES));
            }
            case "Auth": return new WireMessage.Auth(AUTH.read(r).required(TOKEN));
            case "AuthResponse": {
                WireStruct.Fields f = AUTH_RESPONSE.read(r);
                return new WireMessage.AuthResponse(f.required(AUTHENTICATED), f.get(ERROR_TEXT));
            }
            case "Execute": {
                WireStruct.Fields f = EXECUTE.read(r);
                return new WireMessage.Execute(f.required(CODE), f.required(REQUEST_ID));
            }
            case "ExecuteResponse": {
                WireStruct.Fields f = EXECUTE_RESPONSE.read(r);
                return new WireMessage.ExecuteResponse(f.required(REQUEST_ID), f.required(SUCCESS), f.required(VALUE),
                        f.get(STDOUT), f.get(ERROR_TEXT), f.required(DIAGNOSTICS), f.get(METRICS));
            }
            case "Validate": {
                WireStruct.Fields f = VALIDATE.read(r);
                return new WireMessage.Validate(f.required(CODE), f.required(REQUEST_ID));
            }
            case "ValidateResponse": {
                WireStruct.Fields f = VALIDATE_RESPONSE.read(r);
                return new WireMessage.ValidateResponse(f.required(REQUEST_ID), f.required(SUCCESS), f.required(DIAGNOSTICS));
            }
            case "Error": {
                WireStruct.Fields f = ERROR.read(r);
                return new WireMessage.Error(f.required(KIND), f.required(MESSAGE), f.get(OPTIONAL_REQUEST_ID));
            }
            default: throw new WireException("unknown message variant \"" + variant + "\"");
        }
    }

    // The structs of sections 4 and 5 in wire order, read and written from these declarations; keys several structs share are declared once.
    private static final WireStruct.Type<Object> VALUE_TYPE = new WireStruct.Type<>((r, what) -> ValueCodec.read(r, 1), ValueCodec::write);
    private static final WireStruct.Type<List<Object>> VALUES = new WireStruct.Type<>(MessageCodec::readValues, (p, vs, d) -> {
        p.packArrayHeader(vs.size());
        for (Object v : vs) ValueCodec.write(p, v, d);
    });
    private static final WireStruct.Type<Map<Object, Object>> PLAIN_MAP = new WireStruct.Type<>((r, what) -> PlainCodec.readMap(r, 1, what),
            (p, m, d) -> PlainCodec.write(p, m, 1, d));

    private static final WireStruct.Key<Long> REQUEST_ID = WireStruct.Key.required("request_id", WireStruct.U64);
    private static final WireStruct.Key<Long> OPTIONAL_REQUEST_ID = WireStruct.Key.optional("request_id", WireStruct.U64);
    private static final WireStruct.Key<Boolean> SUCCESS = WireStruct.Key.required("success", WireStruct.BOOL);
    private static final WireStruct.Key<String> CODE = WireStruct.Key.required("code", WireStruct.STRING);
    private static final WireStruct.Key<String> ERROR_TEXT = WireStruct.Key.optional("error", WireStruct.STRING);
    private static final WireStruct.Key<String> KIND = WireStruct.Key.required("kind", WireStruct.STRING);
    private static final WireStruct.Key<String> MESSAGE = WireStruct.Key.required("message", WireStruct.STRING);

    private static final WireStruct.Key<String> SEVERITY = WireStruct.Key.required("severity", WireStruct.STRING);
    private static final WireStruct.Key<Integer> LINE = WireStruct.Key.optional("line", WireStruct.U31);
    private static final WireStruct.Key<Integer> COLUMN = WireStruct.Key.optional("column", WireStruct.U31);
    private static final WireStruct DIAGNOSTIC = new WireStruct("Diagnostic", SEVERITY, MESSAGE, LINE, COLUMN);
    private static final WireStruct.Key<List<Diagnostic>> DIAGNOSTICS = WireStruct.Key.required("diagnostics",
            WireStruct.listOf(new WireStruct.Type<>(MessageCodec::diagnostic,
                    (p, x, d) -> DIAGNOSTIC.write(p, d, x.severity(), x.message(), x.line(), x.column()))));

    private static final WireStruct.Key<Long> INSTRUCTIONS = WireStruct.Key.required("instructions_executed", WireStruct.U64);
    private static final WireStruct.Key<Long> WALL_TIME = WireStruct.Key.required("wall_time_us", WireStruct.U64);
    private static final WireStruct.Key<Long> MEMORY_PEAK = WireStruct.Key.required("memory_bytes_peak", WireStruct.U64);
    private static final WireStruct EXECUTION_METRICS = new WireStruct("ExecutionMetrics", INSTRUCTIONS, WALL_TIME, MEMORY_PEAK);
    private static final WireStruct.Key<ExecutionMetrics> METRICS = WireStruct.Key.optional("metrics", new WireStruct.Type<>(MessageCodec::metrics,
            (p, m, d) -> EXECUTION_METRICS.write(p, d, m.instructionsExecuted(), m.wallTimeUs(), m.memoryBytesPeak())));

    private static final WireStruct.Key<List<FunctionHash>> OFFERED_HASHES = WireStruct.Key.required("offered_hashes", WireStruct.HASHES);
    private static final WireStruct BLOB_NEGOTIATION = new WireStruct("BlobNegotiation", OFFERED_HASHES);
    private static final WireStruct.Key<List<FunctionHash>> KNOWN_HASHES = WireStruct.Key.required("known_hashes", WireStruct.HASHES);
    private static final WireStruct BLOB_NEGOTIATION_REPLY = new WireStruct("BlobNegotiationReply", KNOWN_HASHES);

    private static final WireStruct.Key<Program> PROGRAM = WireStruct.Key.optional("program", BlobCodec.PROGRAM_TYPE);
    private static final WireStruct.Key<String> FUNCTION_NAME = WireStruct.Key.required("function_name", WireStruct.STRING);
    private static final WireStruct.Key<Integer> FUNCTION_ID = WireStruct.Key.optional("function_id", WireStruct.U16);
    private static final WireStruct.Key<FunctionHash> FUNCTION_HASH = WireStruct.Key.optional("function_hash", WireStruct.HASH);
    private static final WireStruct.Key<List<Object>> ARGUMENTS = WireStruct.Key.required("arguments", VALUES);
    private static final WireStruct.Key<List<Object>> UPVALUES = WireStruct.Key.optional("upvalues", VALUES);
    private static final WireStruct.Key<Map<Object, Object>> TYPE_SCHEMAS = WireStruct.Key.optional("type_schemas", PLAIN_MAP);
    private static final WireStruct.Key<FunctionHash> PROGRAM_HASH = WireStruct.Key.required("program_hash", WireStruct.HASH);
    private static final WireStruct.Key<List<HashedBlob>> FUNCTION_BLOBS = WireStruct.Key.optional("function_blobs", BlobCodec.HASHED_BLOBS);
    private static final WireStruct CALL = new WireStruct("Call", PROGRAM, FUNCTION_NAME, FUNCTION_ID, FUNCTION_HASH, ARGUMENTS, UPVALUES,
            TYPE_SCHEMAS, PROGRAM_HASH, FUNCTION_BLOBS, OPTIONAL_REQUEST_ID);

    private static final WireStruct.Key<Map<Object, Object>> DETAILS = WireStruct.Key.optional("details", PLAIN_MAP);
    private static final WireStruct REMOTE_CALL_ERROR = new WireStruct("RemoteCallError", MESSAGE, KIND, DETAILS);

    /** {@code result} of a CallResponse: {@code {"Ok": value}} or {@code {"Err": RemoteCallError}}. */
    private record Result(Object value, RemoteCallError error) {}

    private static final WireStruct.Key<Result> RESULT = WireStruct.Key.required("result", new WireStruct.Type<>(MessageCodec::result, (p, x, d) -> {
        p.packMapHeader(1);
        if (x.error() == null) {
            p.packString("Ok");
            ValueCodec.write(p, x.value(), d);
        } else {
            p.packString("Err");
            REMOTE_CALL_ERROR.write(p, d, x.error().message(), x.error().kind(), x.error().details());
        }
    }));
    private static final WireStruct CALL_RESPONSE = new WireStruct("CallResponse", RESULT, OPTIONAL_REQUEST_ID, METRICS);

    private static final WireStruct.Key<Integer> SIDECAR_ID = WireStruct.Key.required("sidecar_id", WireStruct.U31);
    private static final WireStruct.Key<byte[]> DATA = WireStruct.Key.required("data", WireStruct.BIN);
    private static final WireStruct SIDECAR = new WireStruct("Sidecar", SIDECAR_ID, DATA);

    private static final WireStruct PING = new WireStruct("Ping");

    private static final WireStruct.Key<String> SHAPE_VERSION = WireStruct.Key.required("shape_version", WireStruct.STRING);
    private static final WireStruct.Key<Long> WIRE_PROTOCOL = WireStruct.Key.required("wire_protocol", WireStruct.U32);
    private static final WireStruct.Key<List<String>> CAPABILITIES = WireStruct.Key.required("capabilities", WireStruct.STRINGS);
    private static final WireStruct PONG = new WireStruct("Pong", SHAPE_VERSION, WIRE_PROTOCOL, CAPABILITIES);

    private static final WireStruct.Key<String> TOKEN = WireStruct.Key.required("token", WireStruct.STRING);
    private static final WireStruct AUTH = new WireStruct("Auth", TOKEN);
    private static final WireStruct.Key<Boolean> AUTHENTICATED = WireStruct.Key.required("authenticated", WireStruct.BOOL);
    private static final WireStruct AUTH_RESPONSE = new WireStruct("AuthResponse", AUTHENTICATED, ERROR_TEXT);

    private static final WireStruct EXECUTE = new WireStruct("Execute", CODE, REQUEST_ID);
    private static final WireStruct.Key<Object> VALUE = WireStruct.Key.required("value", VALUE_TYPE);
    private static final WireStruct.Key<String> STDOUT = WireStruct.Key.optional("stdout", WireStruct.STRING);
    private static final WireStruct EXECUTE_RESPONSE = new WireStruct("ExecuteResponse", REQUEST_ID, SUCCESS, VALUE, STDOUT, ERROR_TEXT,
            DIAGNOSTICS, METRICS);
    private static final WireStruct VALIDATE = new WireStruct("Validate", CODE, REQUEST_ID);
    private static final WireStruct VALIDATE_RESPONSE = new WireStruct("ValidateResponse", REQUEST_ID, SUCCESS, DIAGNOSTICS);
    private static final WireStruct ERROR = new WireStruct("Error", KIND, MESSAGE, OPTIONAL_REQUEST_ID);

    private static RemoteCallRequest call(WireReader r) {
        WireStruct.Fields f = CALL.read(r);
        return new RemoteCallRequest(f.get(PROGRAM), f.required(FUNCTION_NAME), f.get(FUNCTION_ID), f.get(FUNCTION_HASH),
                f.required(ARGUMENTS), f.get(UPVALUES), f.get(TYPE_SCHEMAS), f.required(PROGRAM_HASH), f.get(FUNCTION_BLOBS),
                f.get(OPTIONAL_REQUEST_ID));
    }

    private static List<Object> readValues(WireReader r, String what) {
        int n = r.arrayHeader(what);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(ValueCodec.read(r, 1));
        return out;
    }

    private static WireMessage callResponse(WireReader r) {
        WireStruct.Fields f = CALL_RESPONSE.read(r);
        Result result = f.required(RESULT);
        return new WireMessage.RemoteCallResponse(result.value(), result.error(), f.get(OPTIONAL_REQUEST_ID), f.get(METRICS));
    }

    private static Result result(WireReader r, String what) {
        if (r.mapHeader(what) != 1) throw new WireException(what + " must be {\"Ok\": value} or {\"Err\": error}");
        String tag = r.string(what + " variant");
        if (tag.equals("Ok")) return new Result(ValueCodec.read(r, 1), null);
        if (tag.equals("Err")) {
            WireStruct.Fields e = REMOTE_CALL_ERROR.read(r);
            return new Result(null, new RemoteCallError(e.required(MESSAGE), e.required(KIND), e.get(DETAILS)));
        }
        throw new WireException(what + " must be Ok or Err, got \"" + tag + "\"");
    }

    private static ExecutionMetrics metrics(WireReader r, String what) {
        WireStruct.Fields f = EXECUTION_METRICS.read(r);
        return new ExecutionMetrics(f.required(INSTRUCTIONS), f.required(WALL_TIME), f.required(MEMORY_PEAK));
    }

    private static Diagnostic diagnostic(WireReader r, String what) {
        WireStruct.Fields f = DIAGNOSTIC.read(r);
        String severity = f.required(SEVERITY);
        if (!Diagnostic.SEVERITIES.contains(severity)) throw new WireException("Diagnostic.severity must be error, warning or info, got \"" + severity + "\"");
        return new Diagnostic(severity, f.required(MESSAGE), f.get(LINE), f.get(COLUMN));
    }
}
