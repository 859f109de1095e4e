package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;

import java.util.List;
import java.util.Map;

/**
 * The body of a {@code Call}: every field of WIRE.md section 5's RemoteCallRequest, as the wire
 * carries them. Null stands for an absent optional.
 *
 * @param program       the full program or a stub (entry hash, no functions); null when the callee holds it all
 * @param functionId    u16 index into the program's function table
 * @param arguments     values (VM values or the wire records of {@link ValueCodec})
 * @param upvalues      a closure's captured values, copied; null for a plain call
 * @param typeSchemas   schema registry as plain data, or null
 * @param programHash   SHA-256 of the full program's canonical encoding
 * @param functionBlobs {@code [hash, blob]} pairs, or null
 */
public record RemoteCallRequest(Program program, String functionName, Integer functionId, FunctionHash functionHash,
                       List<Object> arguments, List<Object> upvalues, Map<Object, Object> typeSchemas,
                       FunctionHash programHash, List<HashedBlob> functionBlobs, Long requestId) {

    /** The same request with another {@code request_id} (null: none). */
    public RemoteCallRequest withRequestId(Long id) {
        return new RemoteCallRequest(program, functionName, functionId, functionHash, arguments, upvalues, typeSchemas,
                programHash, functionBlobs, id);
    }
}
