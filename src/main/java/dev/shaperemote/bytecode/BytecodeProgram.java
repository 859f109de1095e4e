package dev.shaperemote.bytecode;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A linked program, ready for the VM: the function table (a function's id is its index), each
 * function's blob hash, the entry function, and the global slots the code refers to.
 */
public final class BytecodeProgram {
    private final FunctionProto[] functions;
    private final FunctionProto entry;
    private final Map<FunctionHash, FunctionProto> byHash;
    private final List<String> globalNames;

    BytecodeProgram(FunctionProto[] functions, FunctionProto entry, Map<FunctionHash, FunctionProto> byHash, List<String> globalNames) {
        this.functions = functions;
        this.entry = entry;
        this.byHash = Collections.unmodifiableMap(byHash);
        this.globalNames = List.copyOf(globalNames);
    }

    public FunctionProto entry() { return entry; }

    public int functionCount() { return functions.length; }

    public FunctionProto function(int id) { return id >= 0 && id < functions.length ? functions[id] : null; }

    public FunctionProto byHash(FunctionHash hash) { return byHash.get(hash); }

    public FunctionHash hashOf(FunctionProto f) { return FunctionHash.of(f.hash); }

    /** Functions with this name (more than one means the name is ambiguous). */
    public List<FunctionProto> byName(String name) {
        return java.util.Arrays.stream(functions).filter(f -> f.name.equals(name)).toList();
    }

    public List<FunctionProto> functions() { return List.of(functions); }

    /** Name of each global slot, in slot order. */
    public List<String> globalNames() { return globalNames; }
}
