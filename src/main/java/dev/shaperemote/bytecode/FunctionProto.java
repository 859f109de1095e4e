package dev.shaperemote.bytecode;

/**
 * A function ready to run: a blob's instructions and constants decoded into arrays, and its
 * references to other functions resolved to their protos by the linker.
 */
public final class FunctionProto {
    /** Stands in for an argument the caller left out, so a default can take its place. */
    public static final Object MISSING = new Object() {
        @Override public String toString() { return "<missing>"; }
    };

    public final String name;
    public final int arity;
    public final int minArity;
    public final String[] paramNames;
    public final int localsCount;
    public final boolean isClosure;
    public final int capturesCount;
    public final int[] code;
    public final Object[] constants;
    public final String[] strings;
    /** Line of the instruction that starts at each code index (0 where unknown). */
    public final int[] lines;
    /** For each code index that starts an instruction, how many instructions come before it (for exact counting at jumps). */
    public int[] ordinals;
    /** Deepest operand stack the verifier found (values above the locals). */
    public int maxStack;
    /** Index of this function in the linked program's function table. */
    public int id;
    /** Functions this one references, in the order its instructions number them; filled in by the linker. */
    public FunctionProto[] refs;
    /** Content hash of the blob this proto came from. */
    public byte[] hash;
    /** How hot the function is (calls, loops seen at budget checks); the VM compiles it at a threshold. */
    public int heat;
    /** The VM's compiled form of this function (or its mark that it is interpreted only); null until it is hot. */
    public Object compiled;

    public FunctionProto(String name, int arity, int minArity, String[] paramNames, int localsCount,
                         boolean isClosure, int capturesCount, int[] code, Object[] constants,
                         String[] strings, int[] lines) {
        this.name = name;
        this.arity = arity;
        this.minArity = minArity;
        this.paramNames = paramNames;
        this.localsCount = localsCount;
        this.isClosure = isClosure;
        this.capturesCount = capturesCount;
        this.code = code;
        this.constants = constants;
        this.strings = strings;
        this.lines = lines;
    }

    public int lineAt(int ip) {
        if (ip < 0 || ip >= lines.length) return 0;
        for (int i = ip; i >= 0; i--) if (lines[i] != 0) return lines[i];
        return 0;
    }

    @Override public String toString() { return "<fn " + name + ">"; }
}
