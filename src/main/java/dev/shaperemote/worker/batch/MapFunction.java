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
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireMessage;

import java.util.List;
import java.util.Map;

/**
 * One function of a map job, compiled once, applied to one record's arguments at a time exactly as a warm
 * remote call: by hash, against a blob cache that holds the program, through {@link RemoteExecutor}, so a
 * record fails with the same kinds and messages as a remote call would. Never throws for a record.
 */
final class MapFunction {
    /** A record's output line, and the error kind it carries (null for an ok line). */
    record Result(byte[] line, String errorKind) {}

    private final String name;
    private final FunctionHash target;
    private final FunctionHash programHash;
    /** The method table the function may dispatch to and the program's struct fields (WIRE.md section 5, "Type schemas"); null when none. */
    private final Map<Object, Object> typeSchemas;
    private final RemoteBlobCache cache;
    private final Budgets budgets;

    /** Compiles {@code source}; throws CompileError, or a FunctionNotFound RemoteCallException when {@code name} is not one function of it. */
    MapFunction(String source, String name, Budgets budgets) {
        Program program = ShapeCompiler.compile(source);
        this.name = name;
        this.target = Blobs.uniqueByName(program.blobs().values(), name);
        this.programHash = RemoteCalls.programHash(program);
        this.typeSchemas = RemoteCalls.typeSchemas(program, target);
        this.cache = new RemoteBlobCache(Integer.MAX_VALUE, Long.MAX_VALUE);
        List<FunctionBlob> blobs = List.copyOf(program.blobs().values());
        cache.insertBlobs(blobs);
        this.budgets = budgets;
    }

    /** Calls the function with {@code args} under the budgets; {@code control} lets a deadline stop the VM. */
    Result call(long index, List<Object> args, RunControl control) {
        RemoteCallRequest request = new RemoteCallRequest(null, name, null, target, args, null, typeSchemas, programHash, null, index);
        WireMessage.RemoteCallResponse response = RemoteExecutor.executeRemoteCall(request, List.of(),
                cache, new RemoteExecutor.CallOptions(budgets, control));
        if (response.error() != null) {
            return new Result(ResultLines.err(index, response.error().kind(), response.error().message()), response.error().kind());
        }
        try {
            return new Result(ResultLines.ok(index, JsonValues.toJson(response.value())), null);
        } catch (ShapeError e) { // a value JSON cannot carry
            return new Result(ResultLines.err(index, e.kind().name(), e.getMessage()), e.kind().name());
        }
    }
}
