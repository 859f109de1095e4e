package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Op;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.bytecode.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The method tables a remote call carries in its {@code type_schemas} (docs/WIRE.md section 5): which
 * function is method {@code m} of type {@code t}. A program's table is the {@code DEFINE_METHOD} rows of
 * its {@code __main__}; a function called on its own runs without {@code __main__}, so the caller sends
 * the rows its code may dispatch to, and the callee defines them before the call.
 */
public final class TypeSchemas {
    /** Methods the VM calls without an instruction naming them: the operators' methods and Drop's. */
    public static final Set<String> IMPLICIT = Set.of("add", "sub", "mul", "div", "neg", "drop");
    /** The key of a type's schema that maps each method name to its function's hash. */
    public static final String METHOD_HASHES = "method_hashes";
    /** The most method rows a request's {@code type_schemas} may hold. */
    public static final int MAX_ROWS = 65_536;

    private static final Comparator<Row> ORDER = Comparator.comparing(Row::type).thenComparing(Row::method);

    private TypeSchemas() {}

    /** One row of a method table: function {@code function} is method {@code method} of type {@code type}. */
    public record Row(String type, String method, FunctionHash function) {}

    /**
     * The rows {@code __main__} defines, a later definition of a (type, method) replacing an earlier one as
     * it does in a run, ordered by type name and then method name; empty for a program without top-level code.
     */
    public static List<Row> programRows(Program program) {
        FunctionBlob main = program.entry() == null ? null : program.blobs().get(program.entry());
        if (main == null) return List.of();
        Map<List<String>, Row> rows = new LinkedHashMap<>();
        int[] code = main.code();
        for (int ip = 0; ip < code.length; ) {
            int len = Op.length(code, ip);
            if (len <= 0 || ip + len > code.length) break; // malformed code is the verifier's to report
            if (code[ip] == Op.DEFINE_METHOD) {
                FunctionHash fn = function(program, main, code[ip + 1]);
                String type = main.strings().get(code[ip + 2]);
                String method = main.strings().get(code[ip + 3]);
                if (fn != null) rows.put(List.of(type, method), new Row(type, method, fn));
            }
            ip += len;
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(ORDER);
        return sorted;
    }

    /** The method names the blobs call by name ({@code CALL_METHOD}), plus those the VM calls implicitly. */
    public static Set<String> reachableNames(Iterable<FunctionBlob> blobs) {
        Set<String> names = new HashSet<>(IMPLICIT);
        names.addAll(stringsNamedBy(blobs, Op.CALL_METHOD));
        return names;
    }

    /** The strings that instructions {@code op} of the blobs name by their first operand (a method, a struct type). */
    static Set<String> stringsNamedBy(Iterable<FunctionBlob> blobs, int op) {
        Set<String> names = new HashSet<>();
        for (FunctionBlob b : blobs) {
            int[] code = b.code();
            for (int ip = 0; ip < code.length; ) {
                int len = Op.length(code, ip);
                if (len <= 0 || ip + len > code.length) break; // malformed code is the verifier's to report
                if (code[ip] == op && code[ip + 1] >= 0 && code[ip + 1] < b.strings().size()) names.add(b.strings().get(code[ip + 1]));
                ip += len;
            }
        }
        return names;
    }

    /** The rows among {@code rows} whose method name is in {@code names}, in the same order. */
    public static List<Row> named(List<Row> rows, Set<String> names) {
        return rows.stream().filter(r -> names.contains(r.method())).toList();
    }

    /**
     * The wire form: {@code {type: {"fields": [...], "method_hashes": {method: hash}}}}, each part present when
     * the type has it ({@code fields} from {@code structs}, see {@link StructFields}); types, a schema's keys and
     * methods in ascending order of their names ({@link String#compareTo}), fields in declaration order, so the
     * same program and arguments always send the same bytes; null when there is nothing to send (the key is
     * then left out).
     */
    public static Map<Object, Object> toWire(List<Row> rows, Map<String, StructType> structs) {
        if (rows.isEmpty() && structs.isEmpty()) return null;
        TreeMap<String, TreeMap<String, FunctionHash>> byType = new TreeMap<>();
        for (Row r : rows) byType.computeIfAbsent(r.type(), k -> new TreeMap<>()).put(r.method(), r.function());
        for (String struct : structs.keySet()) byType.computeIfAbsent(struct, k -> new TreeMap<>());
        Map<Object, Object> wire = new LinkedHashMap<>();
        byType.forEach((type, methods) -> {
            Map<Object, Object> schema = new LinkedHashMap<>();
            if (structs.containsKey(type)) schema.put(StructFields.FIELDS, StructFields.toWire(structs.get(type)));
            if (!methods.isEmpty()) {
                Map<Object, Object> m = new LinkedHashMap<>();
                methods.forEach((name, hash) -> m.put(name, hash.bytes()));
                schema.put(METHOD_HASHES, m);
            }
            wire.put(type, schema);
        });
        return wire;
    }

    /**
     * Reads the method rows of a request's {@code type_schemas}; null reads as no rows. Keys a schema does not
     * know are ignored (a newer sender may add some; {@code fields} is {@link StructFields}'); anything that is not
     * the form of {@link #toWire} is an {@code ArgumentError} naming the place.
     */
    public static List<Row> fromWire(Map<Object, Object> wire) {
        if (wire == null) return List.of();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Object, Object> t : wire.entrySet()) {
            if (!(t.getKey() instanceof String type) || type.isEmpty()) throw bad("a type name must be a non-empty string");
            if (!(t.getValue() instanceof Map<?, ?> schema)) throw bad("the schema of type '" + type + "' must be a map");
            Object methods = schema.get(METHOD_HASHES);
            if (methods == null) continue;
            if (!(methods instanceof Map<?, ?> byName)) throw bad("'" + METHOD_HASHES + "' of type '" + type + "' must be a map of name to hash");
            for (Map.Entry<?, ?> m : byName.entrySet()) {
                if (!(m.getKey() instanceof String name) || name.isEmpty()) {
                    throw bad("a method name of type '" + type + "' must be a non-empty string");
                }
                if (!(m.getValue() instanceof byte[] hash) || hash.length != 32) {
                    throw bad("method '" + name + "' of type '" + type + "' must be a 32-byte function hash");
                }
                if (rows.size() == MAX_ROWS) throw bad("more than " + MAX_ROWS + " methods");
                rows.add(new Row(type, name, FunctionHash.of(hash)));
            }
        }
        return rows;
    }

    private static RemoteCallException bad(String what) {
        return new RemoteCallException(RemoteErrorKind.ArgumentError, "type_schemas: " + what);
    }

    /** A DEFINE_METHOD function operand of {@code main}: a dependency by index, or a function by name. */
    private static FunctionHash function(Program program, FunctionBlob main, int fn) {
        if (fn >= 0) return fn < main.dependencies().size() ? main.dependencies().get(fn) : null;
        int s = -1 - fn;
        if (s >= main.strings().size()) return null;
        String name = main.strings().get(s);
        List<FunctionHash> named = program.blobs().values().stream().filter(b -> b.name().equals(name)).map(FunctionBlob::contentHash).toList();
        return named.size() == 1 ? named.get(0) : null;
    }
}
