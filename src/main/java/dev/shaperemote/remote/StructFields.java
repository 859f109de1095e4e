package dev.shaperemote.remote;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.Op;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.bytecode.StructType;
import dev.shaperemote.vm.ObjectValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code fields} of a call's {@code type_schemas} (docs/WIRE.md section 5, "Type schemas"): the caller
 * sends the declared fields of the struct types the call uses, and the worker refuses a typed argument
 * whose fields are not those, with a message that names the argument, the type and the field, before any
 * code runs; otherwise the mistake would surface later as a missing field deep inside the callee.
 */
public final class StructFields {
    /** The key of a type's schema that lists its declared fields. */
    public static final String FIELDS = "fields";
    /** The most fields a request's {@code type_schemas} may declare, all types together. */
    public static final int MAX_FIELDS = 65_536;

    private StructFields() {}

    /**
     * The struct types of {@code program} that the call uses: those its blobs build ({@code STRUCT}) and
     * those of the typed objects among its arguments and upvalues, at any depth; by name, in ascending order.
     */
    static Map<String, StructType> used(Program program, Collection<FunctionBlob> blobs, List<Object> arguments, List<Object> upvalues) {
        Map<String, StructType> used = new TreeMap<>();
        if (program.structs().isEmpty()) return used;
        Set<String> names = TypeSchemas.stringsNamedBy(blobs, Op.STRUCT);
        for (List<Object> values : Arrays.asList(arguments, upvalues)) {
            ValueWalk.each(values, v -> { if (v instanceof ObjectValue o && o.typeName != null) names.add(o.typeName); });
        }
        for (String name : names) {
            StructType t = program.structs().get(name);
            if (t != null) used.put(name, t);
        }
        return used;
    }

    /** The wire form of a type's fields: {@code [{"name": str, "type": str}]} in declaration order ({@code type} left out when unknown). */
    static List<Object> toWire(StructType type) {
        List<Object> fields = new ArrayList<>(type.fields().size());
        for (StructType.Field f : type.fields()) {
            Map<Object, Object> field = new LinkedHashMap<>();
            field.put("name", f.name());
            if (f.type() != null) field.put("type", f.type());
            fields.add(field);
        }
        return fields;
    }

    /**
     * The declared field names of each type whose schema has {@code fields}; a type without them is not
     * checked. Keys a schema or a field does not know are ignored; a {@code fields} that is not an array of
     * maps with a non-empty, unrepeated {@code name} (and a {@code type} that is a string or nil), or more than
     * {@link #MAX_FIELDS} fields, is an {@code ArgumentError} beginning {@code type_schemas: }.
     */
    public static Map<String, Set<String>> fromWire(Map<Object, Object> wire) {
        Map<String, Set<String>> byType = new LinkedHashMap<>();
        if (wire == null) return byType;
        int total = 0;
        for (Map.Entry<Object, Object> t : wire.entrySet()) {
            if (!(t.getKey() instanceof String type) || !(t.getValue() instanceof Map<?, ?> schema)) continue; // TypeSchemas.fromWire reports these
            Object fields = schema.get(FIELDS);
            if (fields == null) continue;
            if (!(fields instanceof List<?> list)) throw bad("'" + FIELDS + "' of type '" + type + "' must be an array of {name, type}");
            Set<String> names = new LinkedHashSet<>();
            for (Object f : list) {
                if (!(f instanceof Map<?, ?> field) || !(field.get("name") instanceof String name) || name.isEmpty()) {
                    throw bad("a field of type '" + type + "' must be a map with a non-empty string 'name'");
                }
                Object written = field.get("type");
                if (written != null && !(written instanceof String)) throw bad("the type of field '" + name + "' of type '" + type + "' must be a string");
                if (!names.add(name)) throw bad("type '" + type + "' declares field '" + name + "' twice");
                if (++total > MAX_FIELDS) throw bad("more than " + MAX_FIELDS + " fields");
            }
            byType.put(type, names);
        }
        return byType;
    }

    /**
     * Refuses a typed object among the arguments or upvalues, at any depth, whose type has declared fields
     * here and whose own fields differ from them: an {@code ArgumentError} naming the argument (1-based),
     * the type and the first field too many or missing.
     */
    public static void check(List<Object> arguments, List<Object> upvalues, Map<String, Set<String>> declared) {
        if (declared.isEmpty()) return;
        if (arguments != null) for (int i = 0; i < arguments.size(); i++) check("argument " + (i + 1), arguments.get(i), declared);
        if (upvalues != null) for (int i = 0; i < upvalues.size(); i++) check("captured value " + (i + 1), upvalues.get(i), declared);
    }

    private static void check(String where, Object value, Map<String, Set<String>> declared) {
        ValueWalk.each(Collections.singletonList(value), v -> {
            if (!(v instanceof ObjectValue o) || o.typeName == null) return;
            Set<String> fields = declared.get(o.typeName);
            if (fields == null) return;
            for (String name : o.fields.keySet()) {
                if (!fields.contains(name)) throw argument(where + ": " + o.typeName + " has no field '" + name + "'", o.typeName, fields);
            }
            for (String name : fields) {
                if (!o.fields.containsKey(name)) throw argument(where + ": " + o.typeName + " is missing field '" + name + "'", o.typeName, fields);
            }
        });
    }

    private static RemoteCallException argument(String what, String type, Set<String> fields) {
        return new RemoteCallException(RemoteErrorKind.ArgumentError, what + " (" + type + " declares " + (fields.isEmpty() ? "no fields" : String.join(", ", fields)) + ")");
    }

    private static RemoteCallException bad(String what) {
        return new RemoteCallException(RemoteErrorKind.ArgumentError, "type_schemas: " + what);
    }
}
