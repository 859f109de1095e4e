package dev.shaperemote.lang;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Instructions;
import dev.shaperemote.bytecode.Op;
import dev.shaperemote.bytecode.Program;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns compiled function builders into content-addressed blobs. Functions are hashed callee first
 * (the strongly connected components of the reference graph, in reverse topological order), so a
 * blob can name each callee by its finished hash; members of one recursive cycle name each other
 * by function name instead, since no hash can contain itself.
 */
final class ProgramAssembler {
    private final Map<FunctionBuilder, FunctionHash> hashes = new HashMap<>();
    private final Map<FunctionHash, FunctionBlob> blobs = new LinkedHashMap<>();

    static Program assemble(FunctionBuilder main, List<FunctionBuilder> all) {
        checkUniqueNames(all);
        ProgramAssembler a = new ProgramAssembler();
        for (Set<FunctionBuilder> component : new Components(all).inDependencyOrder()) a.hashComponent(component);
        return new Program(a.hashes.get(main), a.blobs);
    }

    private static void checkUniqueNames(List<FunctionBuilder> all) {
        Set<String> seen = new HashSet<>();
        for (FunctionBuilder b : all) {
            if (!seen.add(b.name)) throw new CompileError(1, 1, "two functions are named '" + b.name + "'");
        }
    }

    private void hashComponent(Set<FunctionBuilder> component) {
        for (FunctionBuilder b : component) {
            List<int[]> sourceMap = new ArrayList<>();
            for (int[] e : b.sourceMap) sourceMap.add(e.clone());
            int[] code = Peephole.fuse(b.code(), sourceMap);
            List<FunctionHash> deps = new ArrayList<>();
            List<String> strings = new ArrayList<>(b.strings);
            int[] operandOf = new int[b.refs.size()];
            for (int r = 0; r < b.refs.size(); r++) {
                FunctionBuilder target = b.refs.get(r);
                if (component.contains(target)) {
                    int s = strings.indexOf(target.name);
                    if (s < 0) { strings.add(target.name); s = strings.size() - 1; }
                    operandOf[r] = -1 - s;
                } else {
                    FunctionHash h = hashes.get(target);
                    int d = deps.indexOf(h);
                    if (d < 0) { deps.add(h); d = deps.size() - 1; }
                    operandOf[r] = d;
                }
            }
            for (int ip = 0; ip < code.length; ip += Op.length(code, ip)) {
                int op = code[ip];
                if (Op.takesFunction(op)) code[ip + 1] = operandOf[code[ip + 1]];
            }
            FunctionBlob blob = FunctionBlob.create(b.name, b.paramNames.size(), b.paramNames, b.localsCount,
                    b.isClosure, b.captures.size(), Instructions.encode(code), b.constants, strings, deps, sourceMap);
            hashes.put(b, blob.contentHash());
            blobs.put(blob.contentHash(), blob);
        }
    }

    /** Tarjan's strongly connected components over the builders' references, iterative so no input can overflow the stack. */
    private static final class Components {
        private final List<FunctionBuilder> nodes;
        private final Map<FunctionBuilder, Integer> index = new HashMap<>();
        private final Map<FunctionBuilder, Integer> low = new HashMap<>();
        private final Set<FunctionBuilder> onStack = new HashSet<>();
        private final ArrayDeque<FunctionBuilder> stack = new ArrayDeque<>();
        private final List<Set<FunctionBuilder>> result = new ArrayList<>();
        private int counter;

        Components(List<FunctionBuilder> nodes) { this.nodes = nodes; }

        /** Components such that every component comes after the ones it references. */
        List<Set<FunctionBuilder>> inDependencyOrder() {
            for (FunctionBuilder n : nodes) if (!index.containsKey(n)) visit(n);
            return result;
        }

        private void visit(FunctionBuilder root) {
            ArrayDeque<Object[]> work = new ArrayDeque<>(); // {node, next ref index}
            enter(root);
            work.push(new Object[] {root, 0});
            while (!work.isEmpty()) {
                Object[] top = work.peek();
                FunctionBuilder v = (FunctionBuilder) top[0];
                int i = (Integer) top[1];
                if (i < v.refs.size()) {
                    top[1] = i + 1;
                    FunctionBuilder w = v.refs.get(i);
                    if (!index.containsKey(w)) {
                        enter(w);
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    FunctionBuilder parent = (FunctionBuilder) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<FunctionBuilder> component = new java.util.LinkedHashSet<>();
                    FunctionBuilder w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (w != v);
                    result.add(component);
                }
            }
        }

        private void enter(FunctionBuilder v) {
            index.put(v, counter);
            low.put(v, counter);
            counter++;
            stack.push(v);
            onStack.add(v);
        }
    }
}
