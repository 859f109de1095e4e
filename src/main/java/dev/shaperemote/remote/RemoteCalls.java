package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BlobHasher;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.wire.BlobCodec;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.WireMessage;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The caller's side of a remote call: building requests, and the worker's answer to a negotiation. */
public final class RemoteCalls {
    private RemoteCalls() {}

    /** SHA-256 of the program's canonical encoding (functions in ascending hash order). */
    public static FunctionHash programHash(Program program) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            BlobCodec.writeProgram(p, program);
            return FunctionHash.of(BlobHasher.sha256(p.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call of the function named {@code functionName} carrying the whole program. */
    public static RemoteCallRequest buildCallRequest(Program program, String functionName, List<Object> arguments) {
        FunctionHash target = Blobs.uniqueByName(program.blobs().values(), functionName);
        CallBlobs call = CallBlobs.of(program, target, arguments, null);
        return new RemoteCallRequest(program, functionName, null, target, List.copyOf(arguments), null, call.typeSchemas(),
                programHash(program), null, null);
    }

    /**
     * A call carrying only the blobs the callee lacks: the function's minimal set minus
     * {@code known} (what the callee said it holds in its negotiation reply).
     */
    public static RemoteCallRequest buildCallRequestNegotiated(Program program, String functionName, List<Object> arguments,
                                                      Collection<FunctionHash> known) {
        FunctionHash target = Blobs.uniqueByName(program.blobs().values(), functionName);
        CallBlobs call = CallBlobs.of(program, target, arguments, null);
        List<HashedBlob> missing = call.missing(known);
        // A warm call (the callee holds everything) carries neither program nor blobs: only the hash.
        return new RemoteCallRequest(missing.isEmpty() ? null : stub(program), functionName, null, target, List.copyOf(arguments),
                null, call.typeSchemas(), programHash(program), missing.isEmpty() ? null : missing, null);
    }

    /**
     * A call of a closure: its function by hash, with copies of the values it captured, so nothing
     * the callee does to them is seen here.
     */
    public static RemoteCallRequest buildClosureCallRequest(Program program, Closure closure, List<Object> arguments,
                                                   Collection<FunctionHash> known) {
        FunctionHash target = FunctionHash.of(closure.proto.hash);
        List<Object> upvalues = new ArrayList<>(closure.cells.length);
        for (Cell c : closure.cells) upvalues.add(ValueCopy.deep(c.value));
        List<Object> args = new ArrayList<>();
        for (Object a : arguments) args.add(ValueCopy.deep(a));
        CallBlobs call = CallBlobs.of(program, target, args, upvalues);
        List<HashedBlob> missing = call.missing(known);
        return new RemoteCallRequest(missing.isEmpty() ? null : stub(program), closure.proto.name, null, target, args, upvalues,
                call.typeSchemas(), programHash(program), missing.isEmpty() ? null : missing, null);
    }

    /** The hashes to offer in a negotiation before calling {@code functionName}. */
    public static WireMessage.BlobNegotiationRequest negotiationFor(Program program, String functionName) {
        FunctionHash target = Blobs.uniqueByName(program.blobs().values(), functionName);
        return new WireMessage.BlobNegotiationRequest(new ArrayList<>(Blobs.buildMinimalBlobsByHash(program, target).keySet()));
    }

    /** The worker's answer to a negotiation: which offered hashes this connection already holds. */
    public static WireMessage.BlobNegotiationResponse handleNegotiation(WireMessage.BlobNegotiationRequest request, BlobCache cache) {
        return new WireMessage.BlobNegotiationResponse(cache.filterKnown(request.offeredHashes()));
    }

    /**
     * The {@code type_schemas} of calls of {@code target} whose arguments are not known in advance (a batch's
     * map function, WIRE.md section 5): the method rows its minimal blob set may dispatch through, and the
     * fields of every struct type the program declares, since any record may carry any of them; null when
     * there are neither.
     */
    public static Map<Object, Object> typeSchemas(Program program, FunctionHash target) {
        return TypeSchemas.toWire(Blobs.methodRows(program, Blobs.buildMinimalBlobsByHash(program, target)), program.structs());
    }

    private static Program stub(Program program) { return new Program(program.entry(), Map.of()); }
}
