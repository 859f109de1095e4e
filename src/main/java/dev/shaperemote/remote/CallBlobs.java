package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.wire.HashedBlob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one call sends besides its arguments, worked out once per request: the minimal blob set of the called
 * function and of the function values among its arguments and upvalues (the callee links and runs those too),
 * and the {@code type_schemas} chosen from that same set and the call's values (WIRE.md section 5), so the
 * blobs sent and the method rows sent can never be worked out from two different sets.
 */
record CallBlobs(Map<FunctionHash, FunctionBlob> blobs, Map<Object, Object> typeSchemas) {
    static CallBlobs of(Program program, FunctionHash target, List<Object> arguments, List<Object> upvalues) {
        Set<FunctionHash> roots = new LinkedHashSet<>();
        roots.add(target);
        roots.addAll(ValueWalk.functionHashes(arguments, upvalues));
        Map<FunctionHash, FunctionBlob> blobs = Blobs.buildMinimalBlobsByHash(program, roots);
        return new CallBlobs(blobs, TypeSchemas.toWire(Blobs.methodRows(program, blobs),
                StructFields.used(program, blobs.values(), arguments, upvalues)));
    }

    /** The blobs of the set the callee did not say it holds ({@code known}: its negotiation reply). */
    List<HashedBlob> missing(Collection<FunctionHash> known) {
        Set<FunctionHash> skip = Set.copyOf(known);
        List<HashedBlob> missing = new ArrayList<>();
        blobs.forEach((hash, blob) -> { if (!skip.contains(hash)) missing.add(new HashedBlob(hash, blob)); });
        return missing;
    }
}
