package dev.shaperemote.bytecode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns content-addressed blobs into a {@link BytecodeProgram}: decodes and verifies each blob's
 * code, resolves function operands (by hash, or by name inside a recursive cycle) to direct
 * references, and numbers the global slots. Code that passes the verifier cannot make the VM index
 * outside its constants, strings, locals, captures or stack.
 */
public final class Linker {
    private Linker() {}

    public static BytecodeProgram link(Program program) {
        return link(program.blobs(), program.entry());
    }

    /** Links every blob of {@code blobs}; {@code entry} may be null when only single functions will be called. */
    public static BytecodeProgram link(Map<FunctionHash, FunctionBlob> blobs, FunctionHash entry) {
        // Functions are found by their content hash below: a blob listed under another hash would be a dangling reference.
        for (Map.Entry<FunctionHash, FunctionBlob> e : blobs.entrySet()) {
            if (!e.getKey().equals(e.getValue().contentHash())) {
                throw new LinkError("function '" + e.getValue().name() + "' is listed under " + e.getKey()
                        + " but its content hash is " + e.getValue().contentHash());
            }
        }
        Set<FunctionHash> missing = new TreeSet<>();
        for (FunctionBlob b : blobs.values()) {
            for (FunctionHash d : b.dependencies()) if (!blobs.containsKey(d)) missing.add(d);
        }
        if (entry != null && !blobs.containsKey(entry)) missing.add(entry);
        if (!missing.isEmpty()) {
            throw new LinkError("missing function blobs: " + missing, new ArrayList<>(missing));
        }

        List<FunctionBlob> ordered = new ArrayList<>(new java.util.TreeMap<>(blobs).values());
        FunctionProto[] protos = new FunctionProto[ordered.size()];
        Map<FunctionHash, FunctionProto> byHash = new LinkedHashMap<>();
        Map<String, List<FunctionProto>> byName = new HashMap<>();
        for (int i = 0; i < protos.length; i++) {
            FunctionBlob b = ordered.get(i);
            FunctionProto p = decode(b);
            p.id = i;
            p.hash = b.contentHash().bytes();
            protos[i] = p;
            byHash.put(b.contentHash(), p);
            byName.computeIfAbsent(p.name, k -> new ArrayList<>()).add(p);
        }

        Map<String, Integer> globals = new LinkedHashMap<>();
        for (int i = 0; i < protos.length; i++) {
            resolve(protos[i], ordered.get(i), byHash, byName, globals);
        }
        FunctionProto entryProto = entry == null ? null : byHash.get(entry);
        return new BytecodeProgram(protos, entryProto, byHash, new ArrayList<>(globals.keySet()));
    }

    private static FunctionProto decode(FunctionBlob b) {
        int[] code;
        try {
            code = b.code();
        } catch (IllegalArgumentException e) {
            throw new LinkError("function '" + b.name() + "': " + e.getMessage());
        }
        if (b.paramNames().size() != b.arity()) throw new LinkError("function '" + b.name() + "': arity does not match its parameter names");
        if (b.localsCount() < b.arity()) throw new LinkError("function '" + b.name() + "': fewer locals than parameters");
        Object[] constants = b.constants().toArray();
        for (Object c : constants) {
            if (!(c instanceof Long || c instanceof Double || c instanceof String || c instanceof Boolean)) {
                throw new LinkError("function '" + b.name() + "': a constant is not an int, number, string or bool");
            }
        }
        int[] lines = new int[code.length];
        for (int[] entry : b.sourceMap()) {
            if (entry.length >= 2 && entry[0] >= 0 && entry[0] < code.length) lines[entry[0]] = entry[1];
        }
        boolean[] hasDefault = new boolean[b.arity()];
        for (int ip = 0; ip < code.length; ) {
            int len = Op.length(code, ip);
            if (len <= 0 || ip + len > code.length) throw new LinkError("function '" + b.name() + "': malformed instruction at " + ip);
            if (code[ip] == Op.DEFAULT_ARG && code[ip + 1] >= 0 && code[ip + 1] < hasDefault.length) hasDefault[code[ip + 1]] = true;
            ip += len;
        }
        // Every parameter up to the last one without a default must be passed.
        int minArity = 0;
        for (int i = 0; i < hasDefault.length; i++) if (!hasDefault[i]) minArity = i + 1;
        FunctionProto p = new FunctionProto(b.name(), b.arity(), minArity,
                b.paramNames().toArray(String[]::new), b.localsCount(), b.isClosure(), b.capturesCount(),
                code, constants, b.strings().toArray(String[]::new), lines);
        p.maxStack = Verifier.verify(p);
        p.ordinals = new int[code.length];
        for (int ip = 0, n = 0; ip < code.length; ip += Op.length(code, ip)) p.ordinals[ip] = n++;
        return p;
    }

    /** Rewrites function operands to indexes into {@code p.refs} and global names to slots. */
    private static void resolve(FunctionProto p, FunctionBlob blob, Map<FunctionHash, FunctionProto> byHash,
                                Map<String, List<FunctionProto>> byName, Map<String, Integer> globals) {
        List<FunctionProto> refs = new ArrayList<>();
        Map<Integer, Integer> refIndex = new HashMap<>();
        int[] code = p.code;
        for (int ip = 0; ip < code.length; ip += Op.length(code, ip)) {
            switch (code[ip]) {
                case Op.LOAD_FN, Op.CLOSURE, Op.CALL_FN, Op.DEFINE_METHOD -> {
                    int operand = code[ip + 1];
                    Integer idx = refIndex.get(operand);
                    if (idx == null) {
                        FunctionProto target = target(p, blob, operand, byHash, byName);
                        idx = refs.size();
                        refs.add(target);
                        refIndex.put(operand, idx);
                    }
                    FunctionProto target = refs.get(idx);
                    if (code[ip] == Op.CLOSURE && code[ip + 2] != target.capturesCount) {
                        throw new LinkError("function '" + p.name + "': closure of '" + target.name + "' captures "
                                + code[ip + 2] + " values, it expects " + target.capturesCount);
                    }
                    code[ip + 1] = idx;
                }
                case Op.LOAD_GLOBAL, Op.STORE_GLOBAL -> {
                    String name = p.strings[code[ip + 1]];
                    code[ip + 1] = globals.computeIfAbsent(name, k -> globals.size());
                }
                default -> { }
            }
        }
        p.refs = refs.toArray(FunctionProto[]::new);
    }

    private static FunctionProto target(FunctionProto p, FunctionBlob blob, int operand,
                                        Map<FunctionHash, FunctionProto> byHash, Map<String, List<FunctionProto>> byName) {
        if (operand >= 0) {
            if (operand >= blob.dependencies().size()) throw new LinkError("function '" + p.name + "': dependency " + operand + " does not exist");
            return byHash.get(blob.dependencies().get(operand));
        }
        int s = -1 - operand;
        if (s >= p.strings.length) throw new LinkError("function '" + p.name + "': function name " + s + " does not exist");
        List<FunctionProto> named = byName.getOrDefault(p.strings[s], List.of());
        if (named.size() != 1) {
            throw new LinkError("function '" + p.name + "' calls '" + p.strings[s] + "', which "
                    + (named.isEmpty() ? "is not in the program" : "is ambiguous (" + named.size() + " functions have that name)"));
        }
        return named.get(0);
    }

    static String describe(int[] code) {
        StringBuilder sb = new StringBuilder();
        for (int ip = 0; ip < code.length; ip += Math.max(1, Op.length(code, ip))) {
            int len = Op.length(code, ip);
            sb.append(ip).append(' ').append(len > 0 ? Op.NAMES[code[ip]] : "?")
              .append(' ').append(len > 1 ? Arrays.toString(Arrays.copyOfRange(code, ip + 1, ip + len)) : "").append('\n');
        }
        return sb.toString();
    }
}
