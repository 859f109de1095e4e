package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;

import java.util.Arrays;
import java.util.List;

/**
 * Every message of WIRE.md section 4. On the wire each is externally tagged:
 * {@code {"VariantName": {body fields}}}. Null stands for an absent optional.
 */
public sealed interface WireMessage {

    /** The variant name used as the tag. */
    default String variant() { return getClass().getSimpleName(); }

    record BlobNegotiation(List<FunctionHash> offeredHashes) implements WireMessage {}

    /** The subset of offered hashes this connection already holds. */
    record BlobNegotiationReply(List<FunctionHash> knownHashes) implements WireMessage {}

    record Call(CallBody request) implements WireMessage {}

    /**
     * {@code result} is {@code {"Ok": value}} when {@code error} is null, else {@code {"Err": error}}.
     */
    record CallResponse(Object value, RemoteCallErrorBody error, Long requestId, ExecutionMetrics metrics) implements WireMessage {
        public static CallResponse ok(Object value, Long requestId, ExecutionMetrics metrics) {
            return new CallResponse(value, null, requestId, metrics);
        }

        public static CallResponse err(RemoteCallErrorBody error, Long requestId, ExecutionMetrics metrics) {
            return new CallResponse(null, error, requestId, metrics);
        }

        public boolean isOk() { return error == null; }
    }

    record Sidecar(int sidecarId, byte[] data) implements WireMessage {
        @Override public boolean equals(Object o) { return o instanceof Sidecar s && sidecarId == s.sidecarId && Arrays.equals(data, s.data); }

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
