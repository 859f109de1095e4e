package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;

import java.util.Arrays;
import java.util.List;

/**
 * Every message of WIRE.md section 4. On the wire each is externally tagged:
 * {@code {"VariantName": {body fields}}}. Null stands for an absent optional.
 */
public sealed interface WireMessage {

    /** The variant name used as the tag (the Java names of a few records follow the remote API instead). */
    default String variant() { return getClass().getSimpleName(); }

    /** Tag {@code BlobNegotiation}: the hashes a caller offers before a call. */
    record BlobNegotiationRequest(List<FunctionHash> offeredHashes) implements WireMessage {
        @Override public String variant() { return "BlobNegotiation"; }
    }

    /** The subset of offered hashes this connection already holds. */
    record BlobNegotiationResponse(List<FunctionHash> knownHashes) implements WireMessage {
        @Override public String variant() { return "BlobNegotiationReply"; }
    }

    record Call(RemoteCallRequest request) implements WireMessage {}

    /**
     * {@code result} is {@code {"Ok": value}} when {@code error} is null, else {@code {"Err": error}}.
     */
    record RemoteCallResponse(Object value, RemoteCallError error, Long requestId, ExecutionMetrics metrics) implements WireMessage {
        @Override public String variant() { return "CallResponse"; }

        public static RemoteCallResponse ok(Object value, Long requestId, ExecutionMetrics metrics) {
            return new RemoteCallResponse(value, null, requestId, metrics);
        }

        public static RemoteCallResponse err(RemoteCallError error, Long requestId, ExecutionMetrics metrics) {
            return new RemoteCallResponse(null, error, requestId, metrics);
        }

        public boolean isOk() { return error == null; }
    }

    /** Tag {@code Sidecar}: the data of one sidecar placeholder of the call that follows. */
    record BlobSidecar(int sidecarId, byte[] data) implements WireMessage {
        @Override public String variant() { return "Sidecar"; }

        @Override public boolean equals(Object o) { return o instanceof BlobSidecar s && sidecarId == s.sidecarId && Arrays.equals(data, s.data); }

        @Override public int hashCode() { return sidecarId * 31 + Arrays.hashCode(data); }

        @Override public String toString() { return "Sidecar[" + sidecarId + ", " + data.length + " bytes]"; }
    }

    record Ping() implements WireMessage {}

    record Pong(String shapeVersion, long wireProtocol, List<String> capabilities) implements WireMessage {}

    record Auth(String token) implements WireMessage {
        @Override public String toString() { return "Auth[token=***]"; } // never log a credential
    }

    record AuthResponse(boolean authenticated, String error) implements WireMessage {}

    record Execute(String code, long requestId) implements WireMessage {}

    record ExecuteResponse(long requestId, boolean success, Object value, String stdout, String error,
                           List<Diagnostic> diagnostics, ExecutionMetrics metrics) implements WireMessage {}

    record Validate(String code, long requestId) implements WireMessage {}

    record ValidateResponse(long requestId, boolean success, List<Diagnostic> diagnostics) implements WireMessage {}

    /** The answer to anything that is not a well-formed request; {@code kind} is a RemoteErrorKind name. */
    record Error(String kind, String message, Long requestId) implements WireMessage {}
}
