package dev.shaperemote.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.LinkError;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.MessageCodec;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;

import java.util.Map;
import java.util.TreeMap;

/**
 * Arbitrary function blobs through the wire's blob codec, the linker and the verifier. The input
 * is a MessagePack payload; a Call's program and function blobs are decoded (a
 * {@link WireException} is allowed), then linked as one program (a {@link LinkError} is allowed).
 * Nothing else may escape: code that the verifier cannot judge must be refused, not crash it.
 */
class FuzzLinkerTest {
    @FuzzTest(maxDuration = "10s")
    void link(byte[] payload) {
        WireMessage m;
        try {
            m = MessageCodec.decode(payload, FuzzChecks.LIMITS);
        } catch (WireException e) {
            return;
        }
        if (!(m instanceof WireMessage.Call call)) return;
        RemoteCallRequest r = call.request();
        Map<FunctionHash, FunctionBlob> blobs = new TreeMap<>();
        FunctionHash entry = null;
        if (r.program() != null) {
            blobs.putAll(r.program().blobs());
            entry = r.program().entry();
        }
        if (r.functionBlobs() != null) for (HashedBlob hb : r.functionBlobs()) blobs.put(hb.hash(), hb.blob());
        for (FunctionBlob b : blobs.values()) b.hashIsValid(); // hashing any decoded blob must work
        try {
            Linker.link(blobs, entry);
        } catch (LinkError e) {
            // documented: missing blobs, malformed or unverifiable code
        }
    }
}
