package dev.shaperemote.lang;

import dev.shaperemote.bytecode.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The method tables of a program's types, worked out from its top-level {@code type}, {@code trait},
 * {@code impl} and {@code extend} declarations before any code is compiled.
 *
 * <p>A type's table maps a method name to the method that runs: the type's own methods (from
 * {@code impl Type}, {@code extend Type} and every {@code impl Trait for Type}); for each trait it
 * implements, the trait's provided methods that the impl does not define; and for an impl of
 * {@code Display}, its {@code display} as {@code to_string} too. A later definition of a name
 * replaces an earlier one. A named impl ({@code impl Display for User as Json}) is not the type's
 * default, so it adds nothing. Each method is compiled once, as a function whose first parameter
 * is {@code self}: {@code Type.method}, or {@code Trait.method} for a provided method, which every
 * implementing type shares (it dispatches on {@code self} like any other code).
 *
 * <p>Tables are keyed by the type's name as the VM sees it at run time: a declared struct or enum by
 * its name, and {@code Number}, the one builtin type that may be extended, by the names of its values
 * ({@code number} and {@code int}).
 */
final class TypeTables {
    /** One row of a table: {@code type.name} runs {@code method}. */
    record Entry(String type, String name, Stmt.Method method) {}

    /** A method to compile, and the name of its function. */
    record Implementation(Stmt.Method method, String functionName) {}

    /**
     * The builtin types an impl or extend may name, and the VM's names of the values they cover. As in Shape,
     * {@code Number} (ints and numbers) is the only one: the methods of {@code extend String} or {@code impl T
     * for number} are never found (a call of one fails as an unknown method, a builtin of that name still runs).
     */
    private static final Map<String, List<String>> EXTENDABLE = Map.of("Number", List.of("number", "int"));

    private final Set<String> declared = new HashSet<>();
    /** Struct type -> its declaration (whose fields are null when its layout is not a plain field list). */
    private final Map<String, Stmt.TypeDecl> structs = new HashMap<>();
    /** {@code type P = Point}: alias -> the type's text. */
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, Stmt.Trait> traits = new HashMap<>();
    /** Type -> method name -> entry, in the order the names were first defined. */
    private final Map<String, LinkedHashMap<String, Entry>> tables = new LinkedHashMap<>();
    private final Map<Stmt.Method, String> functionNames = new LinkedHashMap<>();

    /** Reads the declarations of {@code program}; {@code enums} are the names of its enums, which may have methods too. */
    void collect(List<Stmt> program, Set<String> enums) {
        declared.addAll(enums);
        for (Stmt s : program) {
            if (s instanceof Stmt.TypeDecl t) {
                declared.add(t.name());
                structs.put(t.name(), t);
            }
            if (s instanceof Stmt.TypeAlias a) aliases.put(a.name(), a.target());
            if (s instanceof Stmt.Trait t) traits.put(t.name(), t);
        }
        for (Stmt s : program) {
            if (s instanceof Stmt.Impl impl && impl.implName() == null) add(impl);
        }
    }

    private void add(Stmt.Impl impl) {
        String target = resolve(impl.type());
        List<String> names = declared.contains(target) ? List.of(target) : EXTENDABLE.getOrDefault(target, List.of());
        for (String type : names) add(impl, type);
    }

    /** The type an alias stands for, through chains of aliases; any other name as it is. */
    private String resolve(String name) {
        for (int hops = 0; aliases.containsKey(name) && hops < 64; hops++) name = aliases.get(name);
        return name;
    }

    private void add(Stmt.Impl impl, String type) {
        LinkedHashMap<String, Entry> table = tables.computeIfAbsent(type, k -> new LinkedHashMap<>());
        Set<String> own = new HashSet<>();
        for (Stmt.Method m : impl.methods()) {
            if (!own.add(m.name())) {
                throw new CompileError(m.line(), m.col(), "method '" + m.name() + "' is defined twice in the same block for '" + impl.type() + "'");
            }
            define(table, type, m.name(), m, impl.type() + "." + m.name());
        }
        Stmt.Trait trait = impl.trait() == null ? null : traits.get(impl.trait());
        if (trait != null) {
            for (String required : trait.required()) {
                if (!own.contains(required) && !hasProvided(trait, required)) {
                    throw new CompileError(impl.line(), 1, "impl " + impl.trait() + " for " + impl.type() + " lacks method '"
                            + required + "', which trait " + impl.trait() + " requires");
                }
            }
            for (Stmt.Method provided : trait.provided()) {
                if (!own.contains(provided.name())) define(table, type, provided.name(), provided, trait.name() + "." + provided.name());
            }
        }
        // Display's display is how a value turns into text: x.to_string() uses it.
        if ("Display".equals(impl.trait()) && own.contains("display")) {
            Entry display = table.get("display");
            for (String alias : List.of("to_string", "toString")) {
                if (!own.contains(alias)) table.put(alias, new Entry(type, alias, display.method()));
            }
        }
    }

    private static boolean hasProvided(Stmt.Trait trait, String name) {
        return trait.provided().stream().anyMatch(m -> m.name().equals(name));
    }

    private void define(Map<String, Entry> table, String type, String name, Stmt.Method method, String functionName) {
        table.remove(name); // a redefinition moves to the end, so the order stays that of the source
        table.put(name, new Entry(type, name, method));
        functionNames.putIfAbsent(method, functionName);
    }

    /** The declaration of struct type {@code name}, or null when the program declares no such struct. */
    Stmt.TypeDecl struct(String name) { return structs.get(resolve(name)); }

    /**
     * The declared fields of each struct type whose declaration is a plain field list (comptime fields too: a
     * value carries them), by type name; a type with another layout is left out, since its fields are unknown.
     */
    Map<String, StructType> structTypes() {
        Map<String, StructType> out = new HashMap<>();
        for (Stmt.TypeDecl t : structs.values()) {
            if (t.fields() == null) continue;
            List<StructType.Field> fields = new ArrayList<>();
            for (Stmt.Field f : t.fields()) fields.add(new StructType.Field(f.name(), f.type()));
            out.put(t.name(), new StructType(t.name(), fields));
        }
        return out;
    }

    /** Every row of every table, types in the order of their first impl, methods in the order defined. */
    List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (LinkedHashMap<String, Entry> table : tables.values()) all.addAll(table.values());
        return all;
    }

    /** Whether some type has a {@code drop} method ({@code impl Drop for T}), which scope ends call. */
    boolean hasDrop() {
        return entries().stream().anyMatch(e -> e.name().equals("drop"));
    }

    /** The methods some table uses, each once, with the name of its function. */
    List<Implementation> implementations() {
        Set<Stmt.Method> used = new HashSet<>();
        for (Entry e : entries()) used.add(e.method());
        List<Implementation> out = new ArrayList<>();
        for (Map.Entry<Stmt.Method, String> m : functionNames.entrySet()) {
            if (used.contains(m.getKey())) out.add(new Implementation(m.getKey(), m.getValue()));
        }
        return out;
    }

    /** A method's parameters with {@code self} first, unless it names {@code self} itself. */
    static List<Expr.Param> withSelf(List<Expr.Param> params) {
        List<Expr.Param> all = new ArrayList<>();
        if (!params.isEmpty() && "self".equals(params.get(0).name())) {
            all.add(new Expr.Param("self", null, null)); // '&self' too: the receiver is passed as a value
            all.addAll(params.subList(1, params.size()));
            return all;
        }
        all.add(new Expr.Param("self", null, null));
        all.addAll(params);
        return all;
    }
}
