package dev.shaperemote.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.BytesValue;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.ErrValue;
import dev.shaperemote.vm.MapValue;
import dev.shaperemote.vm.MatrixValue;
import dev.shaperemote.vm.Nil;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.OkValue;
import dev.shaperemote.vm.RangeValue;
import dev.shaperemote.vm.SomeValue;
import dev.shaperemote.vm.TypedArray;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A decoded message as JSON, for people and for golden vectors: the same structure and key names
 * as the MessagePack form (externally tagged, snake_case), with hashes as lowercase hex and other
 * bin as base64. It is a read-only view: nothing parses it back.
 */
public final class MessageJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private MessageJson() {}

    public static String toJson(WireMessage m) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void write(JsonGenerator g, WireMessage m) throws IOException {
        g.writeStartObject();
        g.writeFieldName(m.variant());
        g.writeStartObject();
        if (m instanceof WireMessage.BlobNegotiationRequest b) {
            g.writeFieldName("offered_hashes");
            hashes(g, b.offeredHashes());
        } else if (m instanceof WireMessage.BlobNegotiationResponse b) {
            g.writeFieldName("known_hashes");
            hashes(g, b.knownHashes());
        } else if (m instanceof WireMessage.Call c) {
            call(g, c.request());
        } else if (m instanceof WireMessage.RemoteCallResponse c) {
            g.writeFieldName("result");
            g.writeStartObject();
            if (c.isOk()) {
                g.writeFieldName("Ok");
                value(g, c.value());
            } else {
                g.writeFieldName("Err");
                g.writeStartObject();
                g.writeStringField("message", c.error().message());
                g.writeStringField("kind", c.error().kind());
                g.writeFieldName("details");
                plain(g, c.error().details());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeFieldName("request_id");
            optionalLong(g, c.requestId());
            g.writeFieldName("metrics");
            metrics(g, c.metrics());
        } else if (m instanceof WireMessage.BlobSidecar s) {
            g.writeNumberField("sidecar_id", s.sidecarId());
            g.writeStringField("data", base64(s.data()));
        } else if (m instanceof WireMessage.Ping) {
            // empty body
        } else if (m instanceof WireMessage.Pong p) {
            g.writeStringField("shape_version", p.shapeVersion());
            g.writeNumberField("wire_protocol", p.wireProtocol());
            g.writeFieldName("capabilities");
            strings(g, p.capabilities());
        } else if (m instanceof WireMessage.Auth a) {
            g.writeStringField("token", a.token());
        } else if (m instanceof WireMessage.AuthResponse a) {
            g.writeBooleanField("authenticated", a.authenticated());
            g.writeFieldName("error");
            optionalString(g, a.error());
        } else if (m instanceof WireMessage.Execute e) {
            g.writeStringField("code", e.code());
            g.writeNumberField("request_id", e.requestId());
        } else if (m instanceof WireMessage.ExecuteResponse e) {
            g.writeNumberField("request_id", e.requestId());
            g.writeBooleanField("success", e.success());
            g.writeFieldName("value");
            value(g, e.value());
            g.writeFieldName("stdout");
            optionalString(g, e.stdout());
            g.writeFieldName("error");
            optionalString(g, e.error());
            g.writeFieldName("diagnostics");
            diagnostics(g, e.diagnostics());
            g.writeFieldName("metrics");
            metrics(g, e.metrics());
        } else if (m instanceof WireMessage.Validate v) {
            g.writeStringField("code", v.code());
            g.writeNumberField("request_id", v.requestId());
        } else if (m instanceof WireMessage.ValidateResponse v) {
            g.writeNumberField("request_id", v.requestId());
            g.writeBooleanField("success", v.success());
            g.writeFieldName("diagnostics");
            diagnostics(g, v.diagnostics());
        } else if (m instanceof WireMessage.Error e) {
            g.writeStringField("kind", e.kind());
            g.writeStringField("message", e.message());
            g.writeFieldName("request_id");
            optionalLong(g, e.requestId());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void call(JsonGenerator g, RemoteCallRequest c) throws IOException {
        g.writeFieldName("program");
        if (c.program() == null) g.writeNull(); else program(g, c.program());
        g.writeStringField("function_name", c.functionName());
        g.writeFieldName("function_id");
        if (c.functionId() == null) g.writeNull(); else g.writeNumber(c.functionId());
        g.writeFieldName("function_hash");
        hash(g, c.functionHash());
        g.writeFieldName("arguments");
        values(g, c.arguments());
        g.writeFieldName("upvalues");
        if (c.upvalues() == null) g.writeNull(); else values(g, c.upvalues());
        g.writeFieldName("type_schemas");
        plain(g, c.typeSchemas());
        g.writeFieldName("program_hash");
        hash(g, c.programHash());
        g.writeFieldName("function_blobs");
        if (c.functionBlobs() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (HashedBlob hb : c.functionBlobs()) hashedBlob(g, hb.hash(), hb.blob());
            g.writeEndArray();
        }
        g.writeFieldName("request_id");
        optionalLong(g, c.requestId());
    }

    private static void program(JsonGenerator g, Program p) throws IOException {
        g.writeStartObject();
        g.writeFieldName("entry");
        hash(g, p.entry());
        g.writeArrayFieldStart("functions");
        for (Map.Entry<FunctionHash, FunctionBlob> e : p.blobs().entrySet()) hashedBlob(g, e.getKey(), e.getValue());
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void hashedBlob(JsonGenerator g, FunctionHash h, FunctionBlob b) throws IOException {
        g.writeStartArray();
        hash(g, h);
        blob(g, b);
        g.writeEndArray();
    }

    public static void blob(JsonGenerator g, FunctionBlob b) throws IOException {
        g.writeStartObject();
        g.writeFieldName("content_hash");
        hash(g, b.contentHash());
        g.writeStringField("name", b.name());
        g.writeNumberField("arity", b.arity());
        g.writeFieldName("param_names");
        strings(g, b.paramNames());
        g.writeNumberField("locals_count", b.localsCount());
        g.writeBooleanField("is_closure", b.isClosure());
        g.writeNumberField("captures_count", b.capturesCount());
        g.writeBooleanField("is_async", b.isAsync());
        g.writeStringField("instructions", base64(b.instructions()));
        g.writeArrayFieldStart("constants");
        for (Object c : b.constants()) value(g, c);
        g.writeEndArray();
        g.writeFieldName("strings");
        strings(g, b.strings());
        g.writeFieldName("dependencies");
        hashes(g, b.dependencies());
        g.writeFieldName("type_schemas");
        strings(g, b.typeSchemas());
        g.writeArrayFieldStart("source_map");
        for (int[] e : b.sourceMap()) {
            g.writeStartArray();
            for (int x : e) g.writeNumber(Integer.toUnsignedLong(x));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A value in the tagged form of WIRE.md section 7. */
    public static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null || v == Nil.NONE) { g.writeString("None"); return; }
        if (v == Nil.UNIT) { g.writeString("Unit"); return; }
        g.writeStartObject();
        if (v instanceof Long l) { g.writeNumberField("Int", l); }
        else if (v instanceof Double d) { g.writeNumberField("Number", d); }
        else if (v instanceof Boolean b) { g.writeBooleanField("Bool", b); }
        else if (v instanceof String s) { g.writeStringField("String", s); }
        else if (v instanceof WireDecimal d) { g.writeStringField("Decimal", d.text()); }
        else if (v instanceof SomeValue s) { g.writeFieldName("Some"); value(g, s.value()); }
        else if (v instanceof OkValue s) { g.writeFieldName("Ok"); value(g, s.value()); }
        else if (v instanceof ErrValue s) { g.writeFieldName("Err"); value(g, s.value()); }
        else if (v instanceof ArrayValue a) { g.writeFieldName("Array"); values(g, a.items); }
        else if (v instanceof MapValue m) {
            g.writeObjectFieldStart("HashMap");
            g.writeFieldName("keys");
            values(g, m.entries().keySet());
            g.writeFieldName("values");
            values(g, m.entries().values());
            g.writeEndObject();
        } else if (v instanceof ObjectValue o) {
            g.writeObjectFieldStart("Object");
            for (var e : o.fields.entrySet()) { g.writeFieldName(e.getKey()); value(g, e.getValue()); }
            g.writeEndObject();
        } else if (v instanceof EnumValue e) {
            g.writeObjectFieldStart("Enum");
            g.writeStringField("enum_name", e.enumName());
            g.writeStringField("variant", e.variant());
            g.writeFieldName("payload");
            values(g, List.of(e.payload()));
            g.writeEndObject();
        } else if (v instanceof RangeValue r) {
            g.writeObjectFieldStart("Range");
            g.writeFieldName("start");
            if (r.start() == null) g.writeNull(); else value(g, r.start());
            g.writeFieldName("end");
            if (r.end() == null) g.writeNull(); else value(g, r.end());
            g.writeBooleanField("inclusive", r.inclusive());
            g.writeEndObject();
        } else if (v instanceof TypedArray t) {
            g.writeObjectFieldStart("TypedArray");
            g.writeStringField("element_kind", t.kind.name());
            g.writeNumberField("len", t.length);
            g.writeStringField("data", base64(t.data));
            g.writeEndObject();
        } else if (v instanceof MatrixValue m) {
            g.writeObjectFieldStart("Matrix");
            g.writeNumberField("rows", m.rows());
            g.writeNumberField("cols", m.cols());
            ByteBuffer buf = ByteBuffer.allocate(m.data().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.asDoubleBuffer().put(m.data());
            g.writeStringField("data", base64(buf.array()));
            g.writeEndObject();
        } else if (v instanceof BytesValue b) {
            g.writeStringField("Bytes", base64(b.data()));
        } else if (v instanceof WireFunctionRef f) {
            g.writeObjectFieldStart("FunctionRef");
            g.writeStringField("name", f.name());
            g.writeFieldName("hash");
            hash(g, f.hash());
            g.writeEndObject();
        } else if (v instanceof WireClosure c) {
            g.writeObjectFieldStart("Closure");
            g.writeFieldName("function_id");
            if (c.functionId() == null) g.writeNull(); else g.writeNumber(c.functionId());
            g.writeFieldName("function_hash");
            hash(g, c.functionHash());
            g.writeFieldName("upvalues");
            values(g, c.upvalues());
            g.writeEndObject();
        } else if (v instanceof SidecarRef s) {
            g.writeObjectFieldStart("SidecarRef");
            g.writeNumberField("sidecar_id", s.sidecarId());
            g.writeStringField("blob_kind", s.blobKind());
            g.writeFieldName("original_hash");
            hash(g, s.originalHash());
            g.writeNumberField("meta_a", s.metaA());
            g.writeNumberField("meta_b", s.metaB());
            g.writeEndObject();
        } else {
            g.writeStringField("Unsupported", v.getClass().getSimpleName());
        }
        g.writeEndObject();
    }

    private static void values(JsonGenerator g, java.util.Collection<?> vs) throws IOException {
        g.writeStartArray();
        for (Object v : vs) value(g, v);
        g.writeEndArray();
    }

    private static void plain(JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Integer i) g.writeNumber(i);
        else if (v instanceof Double d) g.writeNumber(d);
        else if (v instanceof String s) g.writeString(s);
        else if (v instanceof byte[] b) g.writeString(base64(b));
        else if (v instanceof FunctionHash h) g.writeString(h.hex());
        else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) plain(g, o);
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                plain(g, e.getValue());
            }
            g.writeEndObject();
        } else g.writeString(String.valueOf(v));
    }

    private static void metrics(JsonGenerator g, ExecutionMetrics m) throws IOException {
        if (m == null) { g.writeNull(); return; }
        g.writeStartObject();
        g.writeNumberField("instructions_executed", m.instructionsExecuted());
        g.writeNumberField("wall_time_us", m.wallTimeUs());
        g.writeNumberField("memory_bytes_peak", m.memoryBytesPeak());
        g.writeEndObject();
    }

    private static void diagnostics(JsonGenerator g, List<Diagnostic> ds) throws IOException {
        g.writeStartArray();
        for (Diagnostic d : ds) {
            g.writeStartObject();
            g.writeStringField("severity", d.severity());
            g.writeStringField("message", d.message());
            g.writeFieldName("line");
            if (d.line() == null) g.writeNull(); else g.writeNumber(d.line());
            g.writeFieldName("column");
            if (d.column() == null) g.writeNull(); else g.writeNumber(d.column());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void hashes(JsonGenerator g, List<FunctionHash> hs) throws IOException {
        g.writeStartArray();
        for (FunctionHash h : hs) g.writeString(h.hex());
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, List<String> ss) throws IOException {
        g.writeStartArray();
        for (String s : ss) g.writeString(s);
        g.writeEndArray();
    }

    private static void hash(JsonGenerator g, FunctionHash h) throws IOException {
        if (h == null) g.writeNull(); else g.writeString(h.hex());
    }

    private static void optionalLong(JsonGenerator g, Long v) throws IOException {
        if (v == null) g.writeNull(); else g.writeNumber(v);
    }

    private static void optionalString(JsonGenerator g, String v) throws IOException {
        if (v == null) g.writeNull(); else g.writeString(v);
    }

    private static String base64(byte[] b) { return Base64.getEncoder().encodeToString(b); }
}
