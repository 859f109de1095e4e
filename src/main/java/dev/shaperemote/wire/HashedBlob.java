package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;

/**
 * One {@code [hash, FunctionBlob]} pair of {@code function_blobs} or a program's function list.
 * The hash is the key the sender claims; checking it against the blob is the remote layer's job.
 */
public record HashedBlob(FunctionHash hash, FunctionBlob blob) {}
