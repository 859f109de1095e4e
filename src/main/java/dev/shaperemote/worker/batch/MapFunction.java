package dev.shaperemote.worker.batch;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.Blobs;
import dev.shaperemote.remote.RemoteBlobCache;
import dev.shaperemote.remote.RemoteCalls;
import dev.shaperemote.remote.RemoteExecutor;
import dev.shaperemote.remote.RunControl;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.worker.Json;

import java.util.List;

/**
 * One function of a map job, compiled once, applied to one record at a time exactly as a warm remote
 * call: by hash, against a blob cache that holds the program, through {@link RemoteExecutor}, so a record
 * fails with the same kinds and messages as a remote call would. Never throws for a record.
 */
final class MapFunction {
    private final String name;
    private final FunctionHash target;
    private final FunctionHash programHash;
    private final RemoteBlobCache cache;
    private final Budgets budgets;

    /** Compiles {@code source}; throws CompileError, or a FunctionNotFound RemoteCallException when {@code name} is not one function of it. */
    MapFunction(String source, String name, Budgets budgets) {
        Program program = ShapeCompiler.compile(source);
        this.name = name;
        this.target = Blobs.uniqueByName(program.blobs().values(), name);
        this.programHash = RemoteCalls.programHash(program);
        this.cache = new RemoteBlobCache(Integer.MAX_VALUE, Long.MAX_VALUE);
        List<FunctionBlob> blobs = List.copyOf(program.blobs().values());
        cache.insertBlobs(blobs);
        this.budgets = budgets;
    }

    /** The output line of one record: {@code {"index": n, "ok": <tagged value>}} or {@code {"index": n, "err": {"kind", "message"}}}. */
    byte[] apply(MapRecord record) {
        if (record.line() == null) return err(record.index(), "ArgumentError", "the record is longer than " + LineInput.MAX_LINE_BYTES + " bytes");
        List<Object> args;
        try {
            Object parsed = JsonValues.parse(record.line());
            if (!(parsed instanceof ArrayValue a)) return err(record.index(), "ArgumentError", "a record is a JSON array of arguments");
            args = a.items;
        } catch (ShapeError e) {
            return err(record.index(), "ArgumentError", "the record is not valid JSON: " + e.getMessage());
        }
        return call(record.index(), args);
    }

    /**
     * The output line of one record of a request stream: the arguments of its {@code Call} applied to this
     * job's function (the Call's own function, program and blobs are not used). A frame that does not decode
     * within {@code limits}, or is not a Call, is an {@code err} line of kind ProtocolError.
     */
    byte[] apply(FrameRecord record, WireLimits limits) {
        if (record.problem() != null) return err(record.index(), WireException.KIND, record.problem());
        WireMessage message;
        try {
            message = Frames.decode(record.frame(), limits);
        } catch (RuntimeException e) { // WireException, or whatever a hostile payload provokes: never the job's end
            return err(record.index(), WireException.KIND, "the frame does not decode: " + e.getMessage());
        }
        if (!(message instanceof WireMessage.Call c)) {
            return err(record.index(), WireException.KIND, "a record of a request stream is a Call, not " + message.getClass().getSimpleName());
        }
        List<Object> args = c.request().arguments();
        return call(record.index(), args == null ? List.of() : args);
    }

    private byte[] call(long index, List<Object> args) {
        RemoteCallRequest request = new RemoteCallRequest(null, name, null, target, args, null, null, programHash, null, index);
        WireMessage.RemoteCallResponse response = RemoteExecutor.executeRemoteCall(request, List.of(),
                cache, new RemoteExecutor.CallOptions(budgets, new RunControl()));
        if (response.error() != null) return err(index, response.error().kind(), response.error().message());
        String value;
        try {
            value = JsonValues.toJson(response.value());
        } catch (ShapeError e) {
            return err(index, e.kind().name(), e.getMessage());
        }
        return line(Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("index", index);
            g.writeFieldName("ok");
            g.writeRawValue(value);
            g.writeEndObject();
        }));
    }

    private static byte[] err(long index, String kind, String message) {
        return line(Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("index", index);
            g.writeObjectFieldStart("err");
            g.writeStringField("kind", kind);
            g.writeStringField("message", message == null ? "" : message);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private static byte[] line(byte[] json) {
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }
}
