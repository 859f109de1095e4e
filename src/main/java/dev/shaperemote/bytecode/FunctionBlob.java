package dev.shaperemote.bytecode;

import java.util.List;

/**
 * One function as it travels and is cached: self-contained (its own constants and strings) and
 * naming the functions it calls by hash. Fields are those of WIRE.md section 6.
 *
 * @param instructions the code words, each a big-endian 32-bit integer (docs/BYTECODE.md)
 * @param constants    Long, Double, String or Boolean literals
 * @param sourceMap    entries {@code [instruction index, line, column]}; not part of the identity
 */
public record FunctionBlob(FunctionHash contentHash, String name, int arity, List<String> paramNames,
                           int localsCount, boolean isClosure, int capturesCount, boolean isAsync,
                           byte[] instructions, List<Object> constants, List<String> strings,
                           List<FunctionHash> dependencies, List<String> typeSchemas,
                           List<int[]> sourceMap) {

    /** Builds a blob from its identity fields, computing its content hash. */
    public static FunctionBlob create(String name, int arity, List<String> paramNames, int localsCount,
                                      boolean isClosure, int capturesCount, byte[] instructions,
                                      List<Object> constants, List<String> strings,
                                      List<FunctionHash> dependencies, List<int[]> sourceMap) {
        FunctionBlob draft = new FunctionBlob(null, name, arity, List.copyOf(paramNames), localsCount, isClosure,
                capturesCount, false, instructions, List.copyOf(constants), List.copyOf(strings),
                List.copyOf(dependencies), List.of(), List.copyOf(sourceMap));
        return draft.withHash(BlobHasher.contentHash(draft));
    }

    public FunctionBlob withHash(FunctionHash hash) {
        return new FunctionBlob(hash, name, arity, paramNames, localsCount, isClosure, capturesCount, isAsync,
                instructions, constants, strings, dependencies, typeSchemas, sourceMap);
    }

    /** Whether {@code contentHash} is what the identity fields hash to. */
    public boolean hashIsValid() { return contentHash != null && contentHash.equals(BlobHasher.contentHash(this)); }

    /** The code words, decoded from {@link #instructions}. */
    public int[] code() { return Instructions.decode(instructions); }

    @Override public String toString() { return "FunctionBlob[" + name + " " + contentHash + "]"; }
}
