package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;

/**
 * The placeholder a sender puts where a large typed array, matrix or bytes value was (WIRE.md
 * section 8); its data travels in the {@code Sidecar} frame {@code sidecarId}.
 *
 * @param blobKind     the kind of the value the data makes ({@link ValueCodec.Packed#kind()})
 * @param originalHash SHA-256 of the data
 * @param metaA        len (typed array, bytes) or rows (matrix)
 * @param metaB        cols (matrix), else 0
 */
public record SidecarRef(int sidecarId, String blobKind, FunctionHash originalHash, long metaA, long metaB) {}
