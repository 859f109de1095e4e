package dev.shaperemote.lang;

import dev.shaperemote.bytecode.Builtins;
import dev.shaperemote.bytecode.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a parsed program to function builders: one for the top-level code ({@code __main__}),
 * one per top-level function, one per closure. Every expression leaves exactly one value on the
 * stack; statements leave none.
 */
final class Compiler {
    static final String MAIN = "__main__";

    private final Map<String, FunctionBuilder> topFunctions = new HashMap<>();
    /** Top-level function -> its parameters, to check '&' arguments against '&' parameters. */
    private final Map<String, List<Expr.Param>> topParams = new HashMap<>();
    /** Top-level function -> the parameters it writes through (p[i] = v, p.f = v), for Shape's B0013. */
    private final Map<String, Set<String>> writtenParams = new HashMap<>();
    private final Set<String> globals = new HashSet<>();
    /** Top-level names declared with {@code let} or {@code const}, which may not be assigned again. */
    private final Set<String> immutableGlobals = new HashSet<>();
    /** Top-level names declared with {@code const}, which may not be lent with '&' either. */
    private final Set<String> constants = new HashSet<>();
    /** Top-level variables declared with a fixed-width integer type, which every store wraps to. */
    private final Map<String, String> globalWidths = new HashMap<>();
    /** Enum name -> variant name -> payload field names (empty for a unit variant). */
    private final Map<String, Map<String, List<String>>> enums = new HashMap<>();
    final List<FunctionBuilder> all = new ArrayList<>();
    /** Methods of types from impl and extend blocks: their tables, and the functions that implement them. */
    private final TypeTables types = new TypeTables();

    /** The declared fields of the program's struct types, once {@link #compileProgram} has read them. */
    Map<String, dev.shaperemote.bytecode.StructType> structTypes() { return types.structTypes(); }
    /** Module name -> its members' names (functions and bindings), which live under 'module::member'. */
    private final Map<String, Set<String>> modules = new HashMap<>();
    /** Qualified function name -> the module it belongs to. */
    private final Map<String, String> moduleOf = new HashMap<>();
    /** The module whose code is being compiled, whose members its code names without 'module::'; null outside. */
    private String currentModule;
    /** Whether some type has a drop method (impl Drop): only then do scope ends drop their bindings. */
    private boolean drops;
    /** Top-level 'let' names in order: the program's end drops their values, last first. */
    private final List<String> ownedGlobals = new ArrayList<>();
    private FunctionBuilder fn;

    /** Compiles the program and returns the main builder; all builders are in {@link #all}. */
    FunctionBuilder compileProgram(List<Stmt> program) {
        program = Annotations.expand(program);
        Map<String, Stmt.Function> definitions = new java.util.LinkedHashMap<>();
        FunctionBuilder main = newBuilder(MAIN, null, false, true, CapturedNames.in(program));
        for (Stmt s : program) {
            if (s instanceof Stmt.Function f) {
                // As in Shape, a later definition replaces an earlier one, but only with the same parameter count:
                // there is no overloading, so a second arity is an error rather than a silent replacement.
                Stmt.Function earlier = definitions.put(f.name(), f);
                if (earlier != null && earlier.params().size() != f.params().size()) {
                    throw new CompileError(f.line(), f.col(), "function '" + f.name() + "' is already defined at line "
                            + earlier.line() + " with " + earlier.params().size() + " parameter(s); Shape has no overloading, "
                            + "so give one of them another name");
                }
            } else if (s instanceof Stmt.Let l) {
                Pattern target = bindingOf(l.pattern());
                collectGlobals(target);
                if (!l.mutable() && target instanceof Pattern.Binding b) immutableGlobals.add(b.name());
                if (l.constant() && target instanceof Pattern.Binding b) constants.add(b.name());
            } else if (s instanceof Stmt.Enum e) {
                declareEnum(e);
            } else if (s instanceof Stmt.Module m) {
                declareModule(m, definitions);
            }
        }
        types.collect(program, enums.keySet());
        drops = types.hasDrop();
        for (Stmt.Function f : definitions.values()) {
            FunctionBuilder b = newBuilder(f.name(), null, false, false, CapturedNames.in(f.body()));
            b.returnsResult = returnsResult(f.returnType());
            topFunctions.put(f.name(), b);
            topParams.put(f.name(), f.params());
            writtenParams.put(f.name(), WrittenParams.in(f.params(), f.body()));
        }
        Map<Stmt.Method, FunctionBuilder> methods = new java.util.LinkedHashMap<>();
        for (TypeTables.Implementation m : types.implementations()) {
            FunctionBuilder b = newBuilder(m.functionName(), null, false, false, CapturedNames.in(m.method().body()));
            b.returnsResult = returnsResult(m.method().returnType());
            methods.put(m.method(), b);
        }
        for (Stmt.Function f : definitions.values()) {
            currentModule = moduleOf.get(f.name());
            compileFunctionBody(topFunctions.get(f.name()), f.params(), f.body());
        }
        currentModule = null;
        for (Map.Entry<Stmt.Method, FunctionBuilder> m : methods.entrySet()) {
            compileFunctionBody(m.getValue(), TypeTables.withSelf(m.getKey().params()), m.getKey().body());
        }
        fn = main;
        // The run's method tables come first: any code, and any function it calls, may call a method.
        for (TypeTables.Entry e : types.entries()) {
            fn.mark(e.method().line(), 0);
            fn.emit(Op.DEFINE_METHOD, fn.ref(methods.get(e.method())), fn.string(e.type()), fn.string(e.name()));
        }
        int last = program.size() - 1;
        for (int i = 0; i < program.size(); i++) {
            Stmt s = program.get(i);
            if (i == last && s instanceof Stmt.ExprStmt e) {
                expr(e.expr());
            } else {
                stmt(s);
                if (i == last) fn.emit(Op.UNIT);
            }
        }
        if (program.isEmpty()) fn.emit(Op.UNIT);
        ret();
        return main;
    }

    /**
     * Declares the members of {@code mod m { ... }}: its functions join the top-level functions as 'm::f', its
     * let and const bindings are globals named 'm::x'. Code outside reaches them only as {@code m::f}, code
     * inside also by their plain names.
     */
    private void declareModule(Stmt.Module m, Map<String, Stmt.Function> definitions) {
        if (modules.containsKey(m.name()) || enums.containsKey(m.name())) {
            throw new CompileError(m.line(), 1, "'" + m.name() + "' is declared twice (as a module, or as a module and an enum)");
        }
        Set<String> members = new HashSet<>();
        modules.put(m.name(), members);
        for (Stmt s : m.body()) {
            if (s instanceof Stmt.Function f) {
                String qualified = m.name() + "::" + f.name();
                members.add(f.name());
                definitions.put(qualified, new Stmt.Function(qualified, f.params(), f.returnType(), f.body(), f.line(), f.col()));
                moduleOf.put(qualified, m.name());
            } else if (s instanceof Stmt.Let l) {
                if (!(bindingOf(l.pattern()) instanceof Pattern.Binding b)) {
                    throw new CompileError(l.line(), 1, "a binding of module '" + m.name() + "' names one variable; destructure it outside");
                }
                String qualified = m.name() + "::" + b.name();
                members.add(b.name());
                globals.add(qualified);
                if (!l.mutable()) immutableGlobals.add(qualified);
                if (l.constant()) constants.add(qualified);
            } else if (s instanceof Stmt.Enum e) {
                declareEnum(e);
            } else if (s instanceof Stmt.Module inner) {
                throw new CompileError(inner.line(), 1, "modules do not nest: declare module '" + inner.name() + "' at the top level");
            }
        }
    }

    /** Runs a module's bindings and statements where the module stands in the program (its functions are hoisted). */
    private void module(Stmt.Module m) {
        if (!fn.isMain || fn.scopeDepth != 0) {
            throw new CompileError(m.line(), 1, "module '" + m.name() + "' must be declared at the top level of the program");
        }
        String saved = currentModule;
        currentModule = m.name();
        try {
            for (Stmt s : m.body()) {
                if (s instanceof Stmt.Function) continue;
                if (s instanceof Stmt.Let l) {
                    fn.mark(l.line(), 0);
                    if (l.value() == null) fn.emit(Op.NONE); else expr(l.value());
                    Pattern.Binding b = (Pattern.Binding) bindingOf(l.pattern());
                    String width = widthOf(b, l);
                    if (width != null) {
                        fn.emit(Op.CAST, fn.string(width));
                        globalWidths.put(m.name() + "::" + b.name(), width);
                    }
                    fn.emit(Op.STORE_GLOBAL, fn.string(m.name() + "::" + b.name()));
                } else {
                    stmt(s);
                }
            }
        } finally {
            currentModule = saved;
        }
    }

    /** {@code Type.field}: the default of a comptime field of the type, evaluated here. */
    private void typeField(String type, Expr.Field f) {
        List<Stmt.Field> fields = types.struct(type).fields();
        Stmt.Field field = fields == null ? null
                : fields.stream().filter(x -> x.name().equals(f.name()) && x.comptime() && x.defaultValue() != null).findFirst().orElse(null);
        if (field == null) {
            throw new CompileError(f.line(), f.col(), "type '" + type + "' has no comptime field '" + f.name()
                    + "' with a value; a field of a value is read from a value ('p." + f.name() + "')");
        }
        expr(field.defaultValue());
    }

    /** Whether {@code name} is a declared struct type that no variable or function of that name hides here. */
    private boolean isTypeName(String name) {
        return types.struct(name) != null && fn.findLocal(name) == null && fn.findCapture(name) < 0
                && !globals.contains(name) && !topFunctions.containsKey(name) && !Builtins.contains(name);
    }

    /** {@code name} as code in the current module means it: 'module::name' for a member, else the name itself. */
    private String scoped(String name) {
        if (currentModule == null) return name;
        return modules.get(currentModule).contains(name) ? currentModule + "::" + name : name;
    }

    private static boolean returnsResult(String returnType) {
        return returnType != null && returnType.startsWith("Result");
    }

    private FunctionBuilder newBuilder(String name, FunctionBuilder enclosing, boolean closure, boolean main, Set<String> captured) {
        FunctionBuilder b = new FunctionBuilder(name, enclosing, closure, main, captured);
        all.add(b);
        return b;
    }

    private void collectGlobals(Pattern p) {
        if (p instanceof Pattern.Binding b) {
            globals.add(b.name());
        } else if (p instanceof Pattern.ArrayPat a) {
            a.elements().forEach(this::collectGlobals); if (a.rest() != null) globals.add(a.rest());
        } else if (p instanceof Pattern.ObjectPat o) {
            for (Pattern.FieldPat f : o.fields()) {
                if (f.pattern() == null) globals.add(f.key()); else collectGlobals(f.pattern());
            }
            if (o.rest() != null) globals.add(o.rest());
        } else {
        }
    }

    private void declareEnum(Stmt.Enum e) {
        Map<String, List<String>> variants = new HashMap<>();
        for (Stmt.Variant v : e.variants()) {
            List<String> fields = v.fieldNames() != null && !v.fieldNames().isEmpty() ? v.fieldNames() : java.util.Collections.nCopies(v.payloadCount(), "");
            variants.put(v.name(), fields);
        }
        enums.put(e.name(), variants);
    }

    // ---- functions ----

    private void compileFunctionBody(FunctionBuilder b, List<Expr.Param> params, Expr body) {
        FunctionBuilder saved = fn;
        fn = b;
        List<Expr.Param> patterned = new ArrayList<>();
        Set<Integer> references = new HashSet<>();
        for (Expr.Param p : params) {
            String name = p.pattern() != null && !(p.pattern() instanceof Pattern.Binding) ? null : p.name();
            // A reference parameter is named "&x" in the blob, so a remote callee knows to give it a cell (WIRE.md section 7).
            b.paramNames.add(p.name() == null ? "_" : p.reference() ? "&" + p.name() : p.name());
            if (p.reference()) references.add(b.declareReference(name).slot());
            else b.declareParam(name);
            if (name == null) patterned.add(p);
        }
        for (int i = 0; i < params.size(); i++) {
            Expr.Param p = params.get(i);
            if (p.defaultValue() == null) continue;
            int skip = fn.emit(Op.DEFAULT_ARG, i, -1);
            expr(p.defaultValue());
            fn.emit(Op.STORE_LOCAL, i);
            fn.patch(skip);
        }
        for (FunctionBuilder.Local l : new ArrayList<>(fn.locals)) {
            if (l.boxed() && !references.contains(l.slot())) {
                fn.emit(Op.LOAD_LOCAL, l.slot());
                fn.emit(Op.NEW_CELL, l.slot());
            }
        }
        for (int i = 0; i < params.size(); i++) {
            Expr.Param p = params.get(i);
            if (patterned.contains(p)) {
                int slot = i;
                destructure(p.pattern(), slot, body.line(), body.col());
            }
        }
        tail(body);
        fn = saved;
    }

    /** Compiles an expression in tail position: each branch returns by itself instead of jumping to a shared return. */
    private void tail(Expr e) {
        fn.mark(e.line(), e.col());
        if (e instanceof Expr.Block b) {
            fn.beginScope();
            for (Stmt s : b.statements()) stmt(s);
            if (b.tail() != null) tail(b.tail()); else { fn.emit(Op.UNIT); ret(); }
            fn.endScope();
        } else if (e instanceof Expr.If i) {
            int h = fn.height;
            int otherwise = jumpIfFalse(i.condition());
            tail(i.then());
            fn.height = h;
            fn.patch(otherwise);
            if (i.otherwise() != null) tail(i.otherwise()); else { fn.emit(Op.UNIT); ret(); }
        } else {
            expr(e);
            ret();
        }
    }

    /**
     * Returns the value on top of the stack. With drops on, the function's owned bindings are dropped first,
     * innermost last declared first, and in {@code __main__} then the top-level ones; a binding that holds the
     * returned value itself is not dropped (the value moves to the caller).
     */
    private void ret() {
        if (ownsDeeperThan(-1) || fn.isMain && !ownedGlobals.isEmpty()) {
            int result = fn.temp();
            fn.emit(Op.STORE_LOCAL, result);
            dropScopes(-1, result);
            if (fn.isMain) {
                for (int i = ownedGlobals.size() - 1; i >= 0; i--) {
                    fn.emit(Op.LOAD_NATIVE, fn.string("__drop"));
                    fn.emit(Op.LOAD_GLOBAL, fn.string(ownedGlobals.get(i)));
                    fn.emit(Op.LOAD_LOCAL, result);
                    fn.emit(Op.CALL, 2);
                    fn.emit(Op.POP);
                }
            }
            fn.emit(Op.LOAD_LOCAL, result);
        }
        fn.emit(Op.RETURN);
    }

    /** Whether a binding in a scope deeper than {@code depth} is owned (so a scope end there has something to drop). */
    private boolean ownsDeeperThan(int depth) {
        if (!drops) return false;
        for (FunctionBuilder.Local l : fn.locals) if (l.depth() > depth && fn.owned.contains(l.slot())) return true;
        return false;
    }

    /**
     * Drops the owned bindings of the scopes deeper than {@code depth}, last declared first: calls the drop
     * method of each value whose type has one (once per value), except the value in local {@code keep} (-1: none).
     */
    private void dropScopes(int depth, int keep) {
        if (!ownsDeeperThan(depth)) return;
        for (int i = fn.locals.size() - 1; i >= 0; i--) {
            FunctionBuilder.Local l = fn.locals.get(i);
            if (l.depth() <= depth || !fn.owned.contains(l.slot())) continue;
            fn.emit(Op.LOAD_NATIVE, fn.string("__drop"));
            fn.emit(l.boxed() ? Op.LOAD_CELL : Op.LOAD_LOCAL, l.slot());
            if (keep >= 0) fn.emit(Op.LOAD_LOCAL, keep); else fn.emit(Op.NONE);
            fn.emit(Op.CALL, 2);
            fn.emit(Op.POP);
        }
    }

    private void lambda(Expr.Lambda l) {
        String name = fn.name + "#" + (fn.lambdaCount++);
        closureOf(name, l.params(), l.body());
    }

    /** Compiles a nested function and leaves its closure on the stack. */
    private void closureOf(String name, List<Expr.Param> params, Expr body) {
        FunctionBuilder inner = newBuilder(name, fn, true, false, CapturedNames.in(body));
        compileFunctionBody(inner, params, body);
        int ref = fn.ref(inner);
        int[] operands = new int[2 + 2 * inner.captures.size()];
        operands[0] = ref;
        operands[1] = inner.captures.size();
        for (int i = 0; i < inner.captures.size(); i++) {
            FunctionBuilder.Capture c = inner.captures.get(i);
            operands[2 + 2 * i] = c.fromLocal() ? 1 : 0;
            operands[3 + 2 * i] = c.index();
        }
        if (inner.captures.isEmpty()) fn.emit(Op.LOAD_FN, ref);
        else fn.emit(Op.CLOSURE, operands);
    }

    // ---- statements ----

    private void stmt(Stmt s) {
        fn.mark(s.line(), 0);
        // A node kind without a rule here fails loudly rather than compiling to nothing.
        if (s instanceof Stmt.Let l) {
            let(l);
        } else if (s instanceof Stmt.ExprStmt e) {
            effect(e.expr());
        } else if (s instanceof Stmt.Function f) {
            nestedFunction(f);
        } else if (s instanceof Stmt.Enum e) {
            declareEnum(e);
        } else if (s instanceof Stmt.Module m) {
            module(m);
        } else if (s instanceof Stmt.Ignored || s instanceof Stmt.TypeDecl || s instanceof Stmt.TypeAlias) {
        } else if (s instanceof Stmt.Annotation || s instanceof Stmt.Annotated) {
            throw new CompileError(s.line(), 1, "annotations are declared and applied at the top level of the program");
        } else if (s instanceof Stmt.Trait || s instanceof Stmt.Impl) {
            if (!fn.isMain || fn.scopeDepth != 0) {
                throw new CompileError(s.line(), 1, "traits, impl and extend blocks are declared at the top level of the program, "
                        + "not inside a function or block");
            }
        } else {
            throw new IllegalStateException("no rule for the statement node " + s.getClass().getSimpleName());
        }
    }

    private void nestedFunction(Stmt.Function f) {
        if (fn.isMain && fn.scopeDepth == 0) return; // top-level functions were compiled up front
        String base = fn.name + "::" + f.name();
        String name = base;
        for (int n = 2; !fn.nestedNames.add(name); n++) name = base + "#" + n;
        fn.emit(Op.NONE);
        FunctionBuilder.Local local = fn.declare(f.name());
        storeNew(local);
        closureOf(name, f.params(), f.body());
        store(local);
    }

    private void let(Stmt.Let l) {
        if (l.value() == null) fn.emit(Op.NONE); else expr(l.value());
        Pattern pattern = bindingOf(l.pattern());
        if (pattern instanceof Pattern.Binding b) {
            String width = widthOf(b, l);
            if (width != null) fn.emit(Op.CAST, fn.string(width));
            if (fn.isMain && fn.scopeDepth == 0) {
                if (width != null) globalWidths.put(b.name(), width);
                fn.emit(Op.STORE_GLOBAL, fn.string(b.name()));
                if (drops && !ownedGlobals.contains(b.name())) ownedGlobals.add(b.name());
            } else {
                FunctionBuilder.Local local = fn.declare(b.name(), l.mutable(), width);
                if (drops) fn.owned.add(local.slot());
                storeNew(local);
            }
            return;
        }
        int t = fn.temp();
        fn.emit(Op.STORE_LOCAL, t);
        decompose(pattern, t);
        destructure(pattern, t, l.line(), 0);
    }

    /**
     * {@code let (a: A, b: B) = value} with declared structs A and B splits an object into one struct per type,
     * each with that type's fields ({@code value as A}, {@code value as B}); an array still destructures element by
     * element. Rewrites slot {@code t} to the array of parts before the pattern binds them.
     */
    private void decompose(Pattern pattern, int t) {
        if (!(pattern instanceof Pattern.ArrayPat a) || a.rest() != null || a.elements().isEmpty()) return;
        List<Stmt.TypeDecl> parts = new ArrayList<>();
        for (Pattern p : a.elements()) {
            List<Stmt.TypeDecl> struct = p instanceof Pattern.Binding b && b.typeName() != null ? structsOf(b.typeName()) : null;
            if (struct == null || struct.size() != 1) return;
            parts.add(struct.get(0));
        }
        fn.emit(Op.LOAD_LOCAL, t);
        fn.emit(Op.IS_TYPE, fn.string("array"));
        int isArray = fn.emitJump(Op.JUMP_IF_TRUE);
        for (Stmt.TypeDecl part : parts) asStructs(List.of(part), () -> fn.emit(Op.LOAD_LOCAL, t));
        fn.emit(Op.ARRAY, parts.size());
        fn.emit(Op.STORE_LOCAL, t);
        fn.patch(isArray);
    }

    /** The declared structs (with fields) a cast's type names: {@code T} or an intersection {@code (A+B)}; else null. */
    private List<Stmt.TypeDecl> structsOf(String typeName) {
        String inner = typeName.startsWith("(") && typeName.endsWith(")") ? typeName.substring(1, typeName.length() - 1) : typeName;
        List<Stmt.TypeDecl> out = new ArrayList<>();
        for (String part : inner.split("\\+")) {
            Stmt.TypeDecl d = types.struct(part);
            if (d == null || d.fields() == null) return null;
            out.add(d);
        }
        return out;
    }

    /** {@code value as T} for declared structs: the intrinsic __as_struct with their field lists (docs/LANGUAGE.md section 7). */
    private void asStructs(List<Stmt.TypeDecl> structs, Runnable value) {
        List<String> names = new ArrayList<>(), fields = new ArrayList<>(), numbers = new ArrayList<>();
        for (Stmt.TypeDecl d : structs) {
            names.add(d.name());
            for (Stmt.Field f : d.fields()) {
                fields.add(f.name());
                if (NUMBER_TYPES.contains(f.type())) numbers.add(f.name());
            }
        }
        fn.emit(Op.LOAD_NATIVE, fn.string("__as_struct"));
        value.run();
        fn.emit(Op.CONST, fn.constant(String.join("+", names)));
        fn.emit(Op.CONST, fn.constant(String.join(",", fields)));
        fn.emit(Op.CONST, fn.constant(String.join(",", numbers)));
        fn.emit(Op.CALL, 4);
    }

    private static final Set<String> WIDTHS = Set.of("i8", "i16", "i32", "u8", "u16", "u32");

    /**
     * The fixed-width integer type a binding declares ({@code let x: i8}), whose stores wrap as in Shape; null
     * for any other type. A negative literal for an unsigned type is refused here, as Shape refuses it.
     */
    private static String widthOf(Pattern.Binding b, Stmt.Let l) {
        if (b.typeName() == null || !WIDTHS.contains(b.typeName())) return null;
        if (b.typeName().startsWith("u") && l.value() instanceof Expr.Literal lit && lit.value() instanceof Long n && n < 0) {
            throw new CompileError(lit.line(), lit.col(), "cannot store " + n + " in '" + b.name() + "': " + b.typeName()
                    + " holds no negative numbers");
        }
        return b.typeName();
    }

    /** In a binding position a bare capitalised name ({@code const PI = 3}) is a variable, not an enum variant. */
    private static Pattern bindingOf(Pattern p) {
        if (p instanceof Pattern.Constructor c && c.enumName() == null && c.args().isEmpty()
                && !List.of("None", "Some", "Ok", "Err").contains(c.variant())) {
            return new Pattern.Binding(c.variant(), null);
        }
        return p;
    }

    /** Binds {@code pattern} to the value in slot {@code t}, failing at run time when it does not match. */
    private void destructure(Pattern pattern, int t, int line, int col) {
        List<Integer> fails = new ArrayList<>();
        pattern(pattern, t, fails);
        if (fails.isEmpty()) return;
        int done = fn.emitJump(Op.JUMP);
        for (int f : fails) fn.patch(f);
        fn.emit(Op.MATCH_FAIL);
        fn.patch(done);
    }

    /** Pops the top of the stack into a new variable (a global at the top level of the program). */
    private void bindNew(String name) {
        if (fn.isMain && fn.scopeDepth == 0) {
            fn.emit(Op.STORE_GLOBAL, fn.string(name));
            return;
        }
        storeNew(fn.declare(name));
    }

    private void storeNew(FunctionBuilder.Local l) { fn.emit(l.boxed() ? Op.NEW_CELL : Op.STORE_LOCAL, l.slot()); }

    private void store(FunctionBuilder.Local l) {
        if (l.width() != null) fn.emit(Op.CAST, fn.string(l.width())); // a fixed-width variable wraps on every store
        fn.emit(l.boxed() ? Op.STORE_CELL : Op.STORE_LOCAL, l.slot());
    }

    /** Compiles an expression whose value is not needed. */
    private void effect(Expr e) {
        if (e instanceof Expr.Assign a) {
            assign(a, false);
        } else if (e instanceof Expr.Block b) {
            fn.mark(b.line(), b.col());
            fn.beginScope();
            for (Stmt s : b.statements()) stmt(s);
            if (b.tail() != null) effect(b.tail());
            dropScopes(fn.scopeDepth - 1, -1);
            fn.endScope();
        } else if (e instanceof Expr.If i) {
            fn.mark(i.line(), i.col());
            int otherwise = jumpIfFalse(i.condition());
            effect(i.then());
            if (i.otherwise() == null) {
                fn.patch(otherwise);
            } else {
                int end = fn.emitJump(Op.JUMP);
                fn.patch(otherwise);
                effect(i.otherwise());
                fn.patch(end);
            }
        } else {
            expr(e);
            if (!fn.dropTrailingUnit()) fn.emit(Op.POP);
        }
    }

    // ---- expressions ----

    private void expr(Expr e) {
        fn.mark(e.line(), e.col());
        // A node kind without a rule here fails loudly rather than compiling to nothing.
        if (e instanceof Expr.Literal l) {
            literal(l.value());
        } else if (e instanceof Expr.FString f) {
            fString(f);
        } else if (e instanceof Expr.Var v) {
            load(v.name(), v.line(), v.col());
        } else if (e instanceof Expr.Assign a) {
            assign(a, true);
        } else if (e instanceof Expr.Binary b) {
            binary(b);
        } else if (e instanceof Expr.Logical l) {
            logical(l);
        } else if (e instanceof Expr.Unary u) {
            unary(u);
        } else if (e instanceof Expr.Call c) {
            call(c);
        } else if (e instanceof Expr.NamedArg n) {
            expr(n.value());
        } else if (e instanceof Expr.MethodCall m) {
            methodCall(m);
        } else if (e instanceof Expr.Field f && f.object() instanceof Expr.Var t && isTypeName(t.name())) {
            typeField(t.name(), f);
        } else if (e instanceof Expr.Field f) {
            expr(f.object());
            fn.emit(f.optional() ? Op.GET_FIELD_OPT : Op.GET_FIELD, fn.string(f.name()));
        } else if (e instanceof Expr.Index i) {
            expr(i.object()); expr(i.index()); fn.emit(Op.GET_INDEX);
        } else if (e instanceof Expr.Spread s) {
            throw new CompileError(s.line(), s.col(), "'...' is only allowed inside an array, object or call");
        } else if (e instanceof Expr.ArrayLit a) {
            array(a);
        } else if (e instanceof Expr.ObjectLit o) {
            fn.emit(Op.OBJECT);
            objectEntries(o.entries());
        } else if (e instanceof Expr.StructLit s) {
            structLiteral(s);
        } else if (e instanceof Expr.ObjectEntry o) {
            throw new CompileError(o.line(), o.col(), "a 'key: value' entry outside an object");
        } else if (e instanceof Expr.Lambda l) {
            lambda(l);
        } else if (e instanceof Expr.Block b) {
            block(b);
        } else if (e instanceof Expr.If i) {
            ifExpr(i);
        } else if (e instanceof Expr.Match m) {
            match(m);
        } else if (e instanceof Expr.While w) {
            whileLoop(w);
        } else if (e instanceof Expr.For f) {
            forLoop(f);
        } else if (e instanceof Expr.Loop l) {
            loop(l);
        } else if (e instanceof Expr.Range r) {
            range(r);
        } else if (e instanceof Expr.Try t) {
            tryExpr(t);
        } else if (e instanceof Expr.Path p) {
            path(p, null);
        } else if (e instanceof Expr.Is i) {
            expr(i.value()); fn.emit(Op.IS_TYPE, fn.string(i.typeName()));
        } else if (e instanceof Expr.Cast c) {
            List<Stmt.TypeDecl> structs = structsOf(c.typeName());
            if (structs == null) {
                expr(c.value()); fn.emit(Op.CAST, fn.string(c.typeName()));
            } else {
                asStructs(structs, () -> expr(c.value()));
            }
        } else if (e instanceof Expr.Return r) {
            returnExpr(r);
        } else if (e instanceof Expr.Break b) {
            breakLoop(b);
        } else if (e instanceof Expr.Continue c) {
            continueLoop(c);
        } else if (e instanceof Expr.Ref r) {
            throw new CompileError(r.line(), r.col(), "[B0003] cannot return or store a reference: '&' makes one only as the "
                    + "argument of a call whose parameter is '&name'");
        } else {
            throw new IllegalStateException("no rule for the expression node " + e.getClass().getSimpleName());
        }
    }

    private void fString(Expr.FString f) {
        int n = 0;
        for (Object part : f.parts()) {
            if (part instanceof String s) fn.emit(Op.CONST, fn.constant(s)); else expr((Expr) part);
            n++;
        }
        fn.emit(Op.FSTRING, n);
    }

    private void logical(Expr.Logical l) {
        expr(l.left());
        int j = fn.emitJump(l.op().equals("&&") ? Op.AND : Op.OR);
        expr(l.right());
        fn.patch(j);
    }

    private void range(Expr.Range r) {
        int flags = (r.inclusive() ? 4 : 0);
        if (r.start() != null) { expr(r.start()); flags |= 1; }
        if (r.end() != null) { expr(r.end()); flags |= 2; }
        fn.emit(Op.RANGE, flags);
    }

    private void tryExpr(Expr.Try t) {
        if (fn.returnsResult) {
            // In a function declared to return a Result, None? returns an Err, not None (as in Shape).
            fn.emit(Op.LOAD_NATIVE, fn.string("__none_to_err"));
            expr(t.value());
            fn.emit(Op.CALL, 1);
        } else {
            expr(t.value());
        }
        fn.emit(Op.TRY);
    }

    private void returnExpr(Expr.Return r) {
        int h = fn.height;
        if (r.value() == null) fn.emit(Op.UNIT); else expr(r.value());
        ret();
        fn.height = h + 1;
    }

    private void literal(Object v) {
        if (v == null) fn.emit(Op.NONE);
        else if (v instanceof Boolean b) fn.emit(b ? Op.TRUE : Op.FALSE);
        else fn.emit(Op.CONST, fn.constant(v));
    }

    private void load(String name, int line, int col) {
        FunctionBuilder.Local l = fn.findLocal(name);
        if (l != null) {
            fn.emit(l.boxed() ? Op.LOAD_CELL : Op.LOAD_LOCAL, l.slot());
            return;
        }
        int c = fn.findCapture(name);
        if (c < 0) name = scoped(name);
        if (c >= 0) fn.emit(Op.LOAD_UPVAL, c);
        else if (globals.contains(name)) fn.emit(Op.LOAD_GLOBAL, fn.string(name));
        else if (topFunctions.containsKey(name)) fn.emit(Op.LOAD_FN, fn.ref(topFunctions.get(name)));
        else if (Builtins.contains(name)) fn.emit(Op.LOAD_NATIVE, fn.string(name));
        else throw new CompileError(line, col, "Undefined variable '" + name + "': no local, parameter, global, function "
                + "or builtin has that name (declare it with let, or check the spelling)");
    }

    /** Pops the top of the stack into the variable {@code name}. */
    private void storeVar(String name, int line, int col) {
        FunctionBuilder.Local l = fn.findLocal(name);
        if (l != null) {
            if (!l.mutable()) throw immutable(name, line, col);
            store(l);
            return;
        }
        int c = fn.findCapture(name);
        if (c >= 0) {
            FunctionBuilder.Capture capture = fn.captures.get(c);
            if (!capture.mutable()) throw immutable(name, line, col);
            if (capture.width() != null) fn.emit(Op.CAST, fn.string(capture.width()));
            fn.emit(Op.STORE_UPVAL, c);
            return;
        }
        name = scoped(name);
        if (immutableGlobals.contains(name)) throw immutable(name, line, col);
        if (globals.contains(name) || fn.isMain) {
            globals.add(name);
            if (globalWidths.containsKey(name)) fn.emit(Op.CAST, fn.string(globalWidths.get(name)));
            fn.emit(Op.STORE_GLOBAL, fn.string(name));
            return;
        }
        throw new CompileError(line, col, "cannot assign to '" + name + "': no variable of that name is in scope (declare it with 'let mut')");
    }

    private static CompileError immutable(String name, int line, int col) {
        return new CompileError(line, col, "cannot assign to immutable variable '" + name
                + "' (declared with let or const); declare it with 'let mut' to change it");
    }

    private static final Map<String, Integer> BINARY = Map.ofEntries(
            Map.entry("+", Op.ADD), Map.entry("-", Op.SUB), Map.entry("*", Op.MUL), Map.entry("/", Op.DIV),
            Map.entry("%", Op.MOD), Map.entry("**", Op.POW), Map.entry("&", Op.BIT_AND), Map.entry("|", Op.BIT_OR),
            Map.entry("^", Op.BIT_XOR), Map.entry("<<", Op.SHL), Map.entry(">>", Op.SHR), Map.entry("==", Op.EQ),
            Map.entry("!=", Op.NE), Map.entry("<", Op.LT), Map.entry("<=", Op.LE), Map.entry(">", Op.GT),
            Map.entry(">=", Op.GE));

    private void binary(Expr.Binary b) {
        if (b.op().equals("??")) {
            expr(b.left());
            int j = fn.emitJump(Op.COALESCE);
            expr(b.right());
            fn.patch(j);
            return;
        }
        if (b.op().equals("!!") || b.op().equals("~=")) {
            // Rare operators run as intrinsic functions rather than spending opcodes.
            fn.emit(Op.LOAD_NATIVE, fn.string(b.op().equals("!!") ? "__with_context" : "__approx_eq"));
            expr(b.left());
            if (b.op().equals("~=") && b.right() instanceof Expr.Binary w && w.op().equals("within")) {
                expr(w.left()); // a ~= b within tolerance
                expr(w.right());
                fn.emit(Op.CALL, 3);
                return;
            }
            expr(b.right());
            fn.emit(Op.CALL, 2);
            return;
        }
        Integer op = BINARY.get(b.op());
        if (op == null) throw new CompileError(b.line(), b.col(), "unknown operator '" + b.op() + "'");
        for (Expr side : List.of(b.left(), b.right())) {
            if (side instanceof Expr.Ref r) {
                throw new CompileError(r.line(), r.col(), "Cannot apply '" + b.op() + "' to a reference: '&' makes one only as "
                        + "the argument of a call");
            }
        }
        if ((op == Op.ADD || op == Op.SUB) && b.right() instanceof Expr.Literal l && l.value() instanceof Long) {
            expr(b.left());
            fn.emit(op == Op.ADD ? Op.ADD_CONST : Op.SUB_CONST, fn.constant(l.value()));
            return;
        }
        expr(b.left());
        expr(b.right());
        fn.emit(op);
    }

    private void unary(Expr.Unary u) {
        if (u.op().equals("-") && u.operand() instanceof Expr.Literal l && (l.value() instanceof Long || l.value() instanceof Double)) {
            literal(l.value() instanceof Long x ? (Object) (-x) : (Object) (-(Double) l.value()));
            return;
        }
        expr(u.operand());
        switch (u.op()) {
            case "-" -> fn.emit(Op.NEG);
            case "!", "not" -> fn.emit(Op.NOT);
            case "~" -> fn.emit(Op.BIT_NOT);
            default -> throw new CompileError(u.line(), u.col(), "unknown operator '" + u.op() + "'");
        }
    }

    private void assign(Expr.Assign a, boolean keepValue) {
        String op = a.op();
        Integer binop = op == null ? null : BINARY.get(op);
        if (op != null && binop == null) throw new CompileError(a.line(), a.col(), "unknown operator '" + op + "='");
        if (a.target() instanceof Expr.Var v) {
            if (binop != null) load(v.name(), v.line(), v.col());
            expr(a.value());
            if (binop != null) fn.emit(binop);
            if (keepValue) fn.emit(Op.DUP);
            storeVar(v.name(), v.line(), v.col());
        } else if (a.target() instanceof Expr.Field f) {
            expr(f.object());
            if (binop != null) {
                fn.emit(Op.DUP);
                fn.emit(Op.GET_FIELD, fn.string(f.name()));
            }
            expr(a.value());
            if (binop != null) fn.emit(binop);
            fn.emit(Op.SET_FIELD, fn.string(f.name()));
            if (!keepValue) fn.emit(Op.POP);
        } else if (a.target() instanceof Expr.Index i) {
            expr(i.object());
            expr(i.index());
            if (binop != null) {
                int idx = fn.temp(), obj = fn.temp();
                fn.emit(Op.STORE_LOCAL, idx);
                fn.emit(Op.STORE_LOCAL, obj);
                fn.emit(Op.LOAD_LOCAL, obj);
                fn.emit(Op.LOAD_LOCAL, idx);
                fn.emit(Op.LOAD_LOCAL, obj);
                fn.emit(Op.LOAD_LOCAL, idx);
                fn.emit(Op.GET_INDEX);
            }
            expr(a.value());
            if (binop != null) fn.emit(binop);
            fn.emit(Op.SET_INDEX);
            if (!keepValue) fn.emit(Op.POP);
        } else {
            throw new CompileError(a.line(), a.col(), "the left side of '=' must be a variable, a field or an index");
        }
    }

    private void call(Expr.Call c) {
        if (c.callee() instanceof Expr.Path p) {
            path(p, c.args());
            return;
        }
        boolean spread = c.args().stream().anyMatch(a -> a instanceof Expr.Spread);
        if (spread) throw new CompileError(c.line(), c.col(), "spreading arguments into a call is not supported");
        if (c.callee() instanceof Expr.Var v && fn.findLocal(v.name()) == null && fn.findCapture(v.name()) < 0) {
            String name = scoped(v.name());
            if (!globals.contains(name) && topFunctions.containsKey(name)) {
                callFunction(name, c.args());
                return;
            }
        }
        expr(c.callee());
        List<Runnable> writeBacks = arguments(c.args());
        fn.emit(Op.CALL, c.args().size());
        writeBacks.forEach(Runnable::run);
    }

    /** A direct call of top-level (or module) function {@code name}. */
    private void callFunction(String name, List<Expr> args) {
        checkReferences(name, topParams.get(name), args);
        checkAliasing(name, topParams.get(name), writtenParams.get(name), args);
        List<Runnable> writeBacks = arguments(args);
        fn.emit(Op.CALL_FN, fn.ref(topFunctions.get(name)), args.size());
        writeBacks.forEach(Runnable::run);
    }

    /**
     * Pushes a call's arguments. A reference argument {@code &place} pushes a cell holding the place's value: the
     * callee's {@code &} parameter reads and writes that cell. A reference parameter passed on ({@code &x} where
     * {@code x} is one) or a local kept in a cell pushes its own cell, so the callee shares it; any other place
     * gets a new cell, whose value the returned code stores back into the place after the call (the value
     * stays on the stack).
     */
    private List<Runnable> arguments(List<Expr> args) {
        checkExclusive(args);
        List<Runnable> writeBacks = new ArrayList<>();
        for (Expr a : args) {
            if (a instanceof Expr.Ref r) {
                Runnable back = reference(r);
                if (back != null) writeBacks.add(back);
            } else {
                expr(a);
            }
        }
        return writeBacks;
    }

    /** Pushes the cell for {@code &place}; returns the code that stores the cell's value back, or null when none is needed. */
    private Runnable reference(Expr.Ref r) {
        Expr place = r.place();
        if (place instanceof Expr.Var v) {
            FunctionBuilder.Local l = fn.findLocal(v.name());
            if (l != null && l.boxed()) {
                fn.emit(Op.LOAD_LOCAL, l.slot()); // the slot holds the cell itself
                return null;
            }
            if (l == null && fn.findCapture(v.name()) < 0 && !globals.contains(v.name())) {
                load(v.name(), v.line(), v.col()); // reports the undefined name
                throw new CompileError(r.line(), r.col(), "'&" + v.name() + "' needs a variable; '" + v.name() + "' is a function or builtin");
            }
            if (constants.contains(v.name()) && l == null && fn.findCapture(v.name()) < 0) {
                throw new CompileError(r.line(), r.col(), "cannot pass const '" + v.name() + "' by reference: a const never changes");
            }
            load(v.name(), v.line(), v.col());
            int cell = fn.temp();
            fn.emit(Op.NEW_CELL, cell);
            fn.emit(Op.LOAD_LOCAL, cell);
            return () -> {
                fn.emit(Op.LOAD_CELL, cell);
                storeThrough(v.name(), v.line(), v.col());
            };
        }
        if (place instanceof Expr.Index i) {
            int object = fn.temp(), index = fn.temp(), cell = fn.temp();
            expr(i.object());
            fn.emit(Op.STORE_LOCAL, object);
            expr(i.index());
            fn.emit(Op.STORE_LOCAL, index);
            fn.emit(Op.LOAD_LOCAL, object);
            fn.emit(Op.LOAD_LOCAL, index);
            fn.emit(Op.GET_INDEX);
            fn.emit(Op.NEW_CELL, cell);
            fn.emit(Op.LOAD_LOCAL, cell);
            return () -> {
                fn.emit(Op.LOAD_LOCAL, object);
                fn.emit(Op.LOAD_LOCAL, index);
                fn.emit(Op.LOAD_CELL, cell);
                fn.emit(Op.SET_INDEX);
                fn.emit(Op.POP);
            };
        }
        if (place instanceof Expr.Field f && !f.optional()) {
            int object = fn.temp(), cell = fn.temp();
            expr(f.object());
            fn.emit(Op.STORE_LOCAL, object);
            fn.emit(Op.LOAD_LOCAL, object);
            fn.emit(Op.GET_FIELD, fn.string(f.name()));
            fn.emit(Op.NEW_CELL, cell);
            fn.emit(Op.LOAD_LOCAL, cell);
            return () -> {
                fn.emit(Op.LOAD_LOCAL, object);
                fn.emit(Op.LOAD_CELL, cell);
                fn.emit(Op.SET_FIELD, fn.string(f.name()));
                fn.emit(Op.POP);
            };
        }
        throw new CompileError(r.line(), r.col(), "'&' needs a place expression (a variable, an element 'a[i]' or a field "
                + "'o.f'), not a value: put the value in a variable first");
    }

    /** Stores the top of the stack into variable {@code name} for a reference's write-back: a 'let' may be lent. */
    private void storeThrough(String name, int line, int col) {
        FunctionBuilder.Local l = fn.findLocal(name);
        if (l != null) {
            store(l);
            return;
        }
        int c = fn.findCapture(name);
        if (c >= 0) {
            FunctionBuilder.Capture capture = fn.captures.get(c);
            if (capture.width() != null) fn.emit(Op.CAST, fn.string(capture.width()));
            fn.emit(Op.STORE_UPVAL, c);
            return;
        }
        if (globalWidths.containsKey(name)) fn.emit(Op.CAST, fn.string(globalWidths.get(name)));
        fn.emit(Op.STORE_GLOBAL, fn.string(name));
    }

    /** A variable lent with '&' in a call may not be named again by any other argument of that call (Shape's B0013). */
    private static void checkExclusive(List<Expr> args) {
        Set<String> lent = new HashSet<>();
        for (Expr a : args) {
            if (a instanceof Expr.Ref r && root(r.place()) instanceof Expr.Var v && !lent.add(v.name())) {
                throw new CompileError(r.line(), r.col(), "[B0013] '" + v.name() + "' is lent twice in one call: a place may "
                        + "be passed by reference only once, and not also by value");
            }
        }
        for (Expr a : args) {
            if (!(a instanceof Expr.Ref) && a instanceof Expr.Var v && lent.contains(v.name())) {
                throw new CompileError(v.line(), v.col(), "[B0013] '" + v.name() + "' is lent with '&' and also passed by value "
                        + "in one call");
            }
        }
    }

    /** The variable an element or field place belongs to ({@code a} of {@code a[i].f}). */
    private static Expr root(Expr place) {
        while (true) {
            if (place instanceof Expr.Index i) place = i.object();
            else if (place instanceof Expr.Field f) place = f.object();
            else return place;
        }
    }

    /**
     * One variable passed by value to two parameters of a known function, one of which the function writes
     * through, would let the function see its own writes under another name: Shape refuses it (B0013).
     */
    private static void checkAliasing(String function, List<Expr.Param> params, Set<String> written, List<Expr> args) {
        if (written == null || written.isEmpty()) return;
        for (int i = 0; i < args.size() && i < params.size(); i++) {
            if (!(args.get(i) instanceof Expr.Var a)) continue;
            for (int j = i + 1; j < args.size() && j < params.size(); j++) {
                if (args.get(j) instanceof Expr.Var b && a.name().equals(b.name())
                        && (written.contains(params.get(i).name()) || written.contains(params.get(j).name()))) {
                    throw new CompileError(b.line(), b.col(), "[B0013] '" + a.name() + "' is passed to two parameters of '" + function
                            + "', which writes through one of them: pass a copy (" + a.name() + ".clone()) to one");
                }
            }
        }
    }

    /** A known function's reference parameters take '&' arguments, and only they do (Shape's B0004). */
    private static void checkReferences(String function, List<Expr.Param> params, List<Expr> args) {
        for (int i = 0; i < args.size() && i < params.size(); i++) {
            boolean byReference = params.get(i).reference();
            Expr a = args.get(i);
            if (a instanceof Expr.Ref r && !byReference) {
                throw new CompileError(r.line(), r.col(), "[B0004] parameter " + (i + 1) + " of '" + function + "' takes a value, "
                        + "not a reference: declare it '&" + params.get(i).name() + "' or pass the value without '&'");
            }
            if (!(a instanceof Expr.Ref) && byReference) {
                throw new CompileError(a.line(), a.col(), "parameter " + (i + 1) + " of '" + function + "' is a reference ('&"
                        + params.get(i).name() + "'): pass a place with '&', as in " + function + "(&x)");
            }
        }
    }

    private void path(Expr.Path p, List<Expr> args) {
        Set<String> members = modules.get(p.enumName());
        if (members != null) {
            if (!members.contains(p.variant())) {
                throw new CompileError(p.line(), p.col(), "module '" + p.enumName() + "' has no export '" + p.variant() + "'");
            }
            String qualified = p.enumName() + "::" + p.variant();
            if (topFunctions.containsKey(qualified) && args != null) {
                callFunction(qualified, args);
            } else {
                fn.emit(globals.contains(qualified) ? Op.LOAD_GLOBAL : Op.LOAD_FN,
                        globals.contains(qualified) ? fn.string(qualified) : fn.ref(topFunctions.get(qualified)));
                if (args != null) {
                    List<Runnable> writeBacks = arguments(args);
                    fn.emit(Op.CALL, args.size());
                    writeBacks.forEach(Runnable::run);
                }
            }
            return;
        }
        if (args == null) args = List.of();
        Map<String, List<String>> variants = enums.get(p.enumName());
        if (variants == null) throw new CompileError(p.line(), p.col(), "unknown enum '" + p.enumName() + "'");
        if (!variants.containsKey(p.variant())) {
            throw new CompileError(p.line(), p.col(), "enum '" + p.enumName() + "' has no variant '" + p.variant() + "'");
        }
        for (Expr a : args) expr(a);
        fn.emit(Op.ENUM, fn.string(p.enumName()), fn.string(p.variant()), args.size());
    }

    private void methodCall(Expr.MethodCall m) {
        if (m.name().equals("type") && m.args().isEmpty() && m.receiver() instanceof Expr.Var v && isTypeName(v.name())) {
            fn.emit(Op.CONST, fn.constant(v.name())); // Point.type(): the declared type itself, by name
            return;
        }
        expr(m.receiver());
        int skip = -1;
        if (m.optional()) {
            fn.emit(Op.DUP);
            fn.emit(Op.IS_NONE);
            skip = fn.emitJump(Op.JUMP_IF_TRUE);
        }
        for (Expr a : m.args()) {
            if (a instanceof Expr.Spread s) throw new CompileError(s.line(), s.col(), "spreading arguments into a call is not supported");
        }
        List<Runnable> writeBacks = arguments(m.args());
        fn.emit(Op.CALL_METHOD, fn.string(m.name()), m.args().size());
        writeBacks.forEach(Runnable::run);
        if (skip >= 0) fn.patch(skip);
    }

    private void array(Expr.ArrayLit a) {
        for (Expr x : a.elements()) {
            if (x instanceof Expr.Ref r) throw new CompileError(r.line(), r.col(), "[B0003] cannot store a reference in an array");
        }
        boolean spread = a.elements().stream().anyMatch(x -> x instanceof Expr.Spread);
        if (!spread) {
            for (Expr x : a.elements()) expr(x);
            fn.emit(Op.ARRAY, a.elements().size());
            return;
        }
        fn.emit(Op.ARRAY, 0);
        for (Expr x : a.elements()) {
            if (x instanceof Expr.Spread s) { expr(s.value()); fn.emit(Op.ARRAY_EXTEND); }
            else { expr(x); fn.emit(Op.ARRAY_PUSH); }
        }
    }

    private static final Set<String> NUMBER_TYPES = Set.of("number", "float", "f64", "Number");

    /**
     * {@code Type { ... }}: an object of a declared struct type. As Shape's checker does, the entries must name
     * declared fields, every field without a default must be given (unless the literal spreads another object),
     * and a literal must suit a field declared bool, int, number or string. Fields left out get their defaults,
     * and an int given to a field declared {@code number} becomes a number.
     */
    private void structLiteral(Expr.StructLit s) {
        Stmt.TypeDecl type = types.struct(s.typeName());
        if (type == null) {
            throw new CompileError(s.line(), s.col(), "unknown type '" + s.typeName() + "': declare it with 'type "
                    + s.typeName() + " { field: Type, ... }' before building a value of it");
        }
        Map<String, Stmt.Field> fields = new java.util.LinkedHashMap<>();
        if (type.fields() != null) for (Stmt.Field f : type.fields()) fields.put(f.name(), f);
        Set<String> given = new HashSet<>();
        boolean spread = false;
        for (Expr x : s.entries()) {
            if (x instanceof Expr.ObjectEntry e) {
                given.add(e.key());
                if (type.fields() == null) continue;
                Stmt.Field f = fields.get(e.key());
                if (f == null) throw new CompileError(e.line(), e.col(), "type '" + s.typeName() + "' has no field '" + e.key() + "'");
                checkLiteral(s.typeName(), f, e.value());
            } else {
                spread = true;
            }
        }
        if (type.fields() != null && !spread) {
            for (Stmt.Field f : fields.values()) {
                if (f.defaultValue() == null && !given.contains(f.name())) {
                    throw new CompileError(s.line(), s.col(), "missing field '" + f.name() + "' in a value of type '" + s.typeName() + "'");
                }
            }
        }
        fn.emit(Op.STRUCT, fn.string(type.name())); // an alias builds a value of the type it names
        for (Expr x : s.entries()) {
            if (x instanceof Expr.ObjectEntry e && fields.containsKey(e.key())) field(fields.get(e.key()), e.value());
            else objectEntries(List.of(x));
        }
        for (Stmt.Field f : fields.values()) {
            if (f.defaultValue() != null && !given.contains(f.name())) field(f, f.defaultValue());
        }
    }

    /** Sets declared field {@code f} of the struct on top of the stack to {@code value}. */
    private void field(Stmt.Field f, Expr value) {
        boolean number = NUMBER_TYPES.contains(f.type());
        if (number) fn.emit(Op.LOAD_NATIVE, fn.string("__number_field"));
        expr(value);
        if (number) fn.emit(Op.CALL, 1);
        fn.emit(Op.OBJECT_SET, fn.string(f.name()));
    }

    /** A literal given to a field declared bool, int, number or string must be of that type (an int suits a number). */
    private static void checkLiteral(String typeName, Stmt.Field f, Expr value) {
        if (!(value instanceof Expr.Literal l) || l.value() == null) return;
        Object v = l.value();
        boolean suits = switch (f.type()) {
            case "bool", "boolean" -> v instanceof Boolean;
            case "int", "i64", "integer" -> v instanceof Long;
            case "number", "float", "f64", "Number" -> v instanceof Long || v instanceof Double;
            case "string", "str", "String" -> v instanceof String;
            default -> true;
        };
        if (!suits) {
            throw new CompileError(l.line(), l.col(), "field '" + f.name() + "' of type '" + typeName + "' is declared "
                    + f.type() + ", and cannot hold " + describe(v));
        }
    }

    private static String describe(Object literal) {
        if (literal instanceof String s) return "the string \"" + s + "\"";
        if (literal instanceof Boolean b) return "the bool " + b;
        return "the number " + literal;
    }

    /** Fills the object on top of the stack with {@code entries} ('key: value' and spreads), in order. */
    private void objectEntries(List<Expr> entries) {
        for (Expr x : entries) {
            if (x instanceof Expr.ObjectEntry e) {
                expr(e.value()); fn.emit(Op.OBJECT_SET, fn.string(e.key()));
            } else if (x instanceof Expr.Spread s) {
                expr(s.value()); fn.emit(Op.OBJECT_SPREAD);
            } else {
                throw new CompileError(x.line(), x.col(), "an object literal holds 'key: value' entries");
            }
        }
    }

    private void block(Expr.Block b) {
        fn.beginScope();
        for (Stmt s : b.statements()) stmt(s);
        if (b.tail() != null) expr(b.tail()); else fn.emit(Op.UNIT);
        if (ownsDeeperThan(fn.scopeDepth - 1)) {
            int value = fn.temp();
            fn.emit(Op.STORE_LOCAL, value);
            dropScopes(fn.scopeDepth - 1, value);
            fn.emit(Op.LOAD_LOCAL, value);
        }
        fn.endScope();
    }

    private static final List<String> COMPARISONS = List.of("<", "<=", ">", ">=", "==", "!=");

    /** Compiles a condition and a jump taken when it is false; comparisons fuse into one instruction. */
    private int jumpIfFalse(Expr condition) {
        if (condition instanceof Expr.Binary b && COMPARISONS.contains(b.op())) {
            expr(b.left());
            expr(b.right());
            return fn.emit(Op.CMP_JUMP, COMPARISONS.indexOf(b.op()), -1);
        }
        expr(condition);
        return fn.emitJump(Op.JUMP_IF_FALSE);
    }

    private void ifExpr(Expr.If i) {
        int otherwise = jumpIfFalse(i.condition());
        expr(i.then());
        int end = fn.emitJump(Op.JUMP);
        fn.height--;
        fn.patch(otherwise);
        if (i.otherwise() != null) expr(i.otherwise()); else fn.emit(Op.UNIT);
        fn.patch(end);
    }

    // ---- loops ----

    private void whileLoop(Expr.While w) {
        FunctionBuilder.Loop loop = new FunctionBuilder.Loop(fn.height, fn.height, -1);
        int top = fn.size;
        loop.continueTarget = top;
        int exit = jumpIfFalse(w.condition());
        body(loop, w.body());
        fn.emit(Op.JUMP, top);
        fn.patch(exit);
        endLoop(loop);
        fn.emit(Op.UNIT);
    }

    private void forLoop(Expr.For f) {
        int base = fn.height;
        expr(f.iterable());
        fn.emit(Op.ITER);
        FunctionBuilder.Loop loop = new FunctionBuilder.Loop(base, base + 1, -1);
        loop.scopeDepth = fn.scopeDepth;
        int top = fn.size;
        loop.continueTarget = top;
        int exit = fn.emitJump(Op.ITER_NEXT);
        fn.beginScope();
        if (f.pattern() instanceof Pattern.Binding b) {
            storeNew(fn.declare(b.name()));
        } else {
            int t = fn.temp();
            fn.emit(Op.STORE_LOCAL, t);
            destructure(f.pattern(), t, f.line(), f.col());
        }
        body(loop, f.body());
        fn.endScope();
        fn.emit(Op.JUMP, top);
        fn.height = base;
        fn.patch(exit);
        endLoop(loop);
        fn.emit(Op.UNIT);
    }

    private void loop(Expr.Loop l) {
        int result = fn.temp();
        fn.emit(Op.UNIT);
        fn.emit(Op.STORE_LOCAL, result);
        FunctionBuilder.Loop loop = new FunctionBuilder.Loop(fn.height, fn.height, result);
        loop.scopeDepth = fn.scopeDepth;
        int top = fn.size;
        loop.continueTarget = top;
        body(loop, l.body());
        fn.emit(Op.JUMP, top);
        endLoop(loop);
        fn.emit(Op.LOAD_LOCAL, result);
    }

    private void body(FunctionBuilder.Loop loop, Expr.Block body) {
        fn.loops.add(loop);
        effect(body);
        fn.loops.remove(fn.loops.size() - 1);
    }

    private void endLoop(FunctionBuilder.Loop loop) {
        for (int j : loop.breakJumps) fn.patch(j);
        for (int j : loop.continueJumps) fn.patchTo(j, loop.continueTarget);
        fn.height = loop.baseHeight;
    }

    private void breakLoop(Expr.Break b) {
        if (fn.loops.isEmpty()) throw new CompileError(b.line(), b.col(), "'break' outside of a loop");
        FunctionBuilder.Loop loop = fn.loops.get(fn.loops.size() - 1);
        int h = fn.height;
        if (b.value() != null) {
            expr(b.value());
            if (loop.resultSlot >= 0) fn.emit(Op.STORE_LOCAL, loop.resultSlot); else fn.emit(Op.POP);
        }
        while (fn.height > loop.baseHeight) fn.emit(Op.POP);
        dropScopes(loop.scopeDepth, -1);
        loop.breakJumps.add(fn.emitJump(Op.JUMP));
        fn.height = h + 1;
    }

    private void continueLoop(Expr.Continue c) {
        if (fn.loops.isEmpty()) throw new CompileError(c.line(), c.col(), "'continue' outside of a loop");
        FunctionBuilder.Loop loop = fn.loops.get(fn.loops.size() - 1);
        int h = fn.height;
        while (fn.height > loop.continueHeight) fn.emit(Op.POP);
        dropScopes(loop.scopeDepth, -1);
        loop.continueJumps.add(fn.emitJump(Op.JUMP));
        fn.height = h + 1;
    }

    // ---- match and patterns ----

    private void match(Expr.Match m) {
        expr(m.scrutinee());
        int t = fn.temp();
        fn.emit(Op.STORE_LOCAL, t);
        List<Integer> ends = new ArrayList<>();
        int h = fn.height;
        for (Expr.MatchArm arm : m.arms()) {
            fn.beginScope();
            List<Integer> fails = new ArrayList<>();
            pattern(arm.pattern(), t, fails);
            if (arm.guard() != null) {
                expr(arm.guard());
                fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
            }
            expr(arm.body());
            ends.add(fn.emitJump(Op.JUMP));
            fn.height = h;
            for (int f : fails) fn.patch(f);
            fn.endScope();
        }
        fn.emit(Op.MATCH_FAIL);
        for (int e : ends) fn.patch(e);
        fn.height = h + 1;
    }

    /**
     * Tests the value in slot {@code t} against {@code p}, binding its names; every jump that
     * leaves on a mismatch is added to {@code fails} for the caller to patch.
     */
    private void pattern(Pattern p, int t, List<Integer> fails) {
        if (p instanceof Pattern.Wildcard w) {
        } else if (p instanceof Pattern.Binding b) {
            if (b.typeName() != null) {
                fn.emit(Op.LOAD_LOCAL, t);
                fn.emit(Op.IS_TYPE, fn.string(b.typeName()));
                fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
            }
            fn.emit(Op.LOAD_LOCAL, t);
            bindPattern(b.name());
        } else if (p instanceof Pattern.Literal l) {
            fn.emit(Op.LOAD_LOCAL, t);
            if (l.value() == null) {
                fn.emit(Op.IS_NONE);
            } else {
                literal(l.value());
                fn.emit(Op.EQ);
            }
            fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
        } else if (p instanceof Pattern.Range r) {
            if (r.low() != null) {
                fn.emit(Op.LOAD_LOCAL, t);
                literal(r.low());
                fn.emit(Op.GE);
                fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
            }
            if (r.high() != null) {
                fn.emit(Op.LOAD_LOCAL, t);
                literal(r.high());
                fn.emit(r.inclusive() ? Op.LE : Op.LT);
                fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
            }
        } else if (p instanceof Pattern.ArrayPat a) {
            fn.emit(Op.LOAD_LOCAL, t);
            fn.emit(Op.LEN_AT_LEAST, a.elements().size(), a.rest() == null ? 1 : 0);
            fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
            for (int i = 0; i < a.elements().size(); i++) {
                Pattern sub = a.elements().get(i);
                if (sub instanceof Pattern.Wildcard) continue;
                fn.emit(Op.LOAD_LOCAL, t);
                fn.emit(Op.CONST, fn.constant((long) i));
                fn.emit(Op.GET_INDEX);
                subPattern(sub, fails);
            }
            if (a.rest() != null) {
                fn.emit(Op.LOAD_LOCAL, t);
                fn.emit(Op.SLICE_FROM, a.elements().size());
                bindPattern(a.rest());
            }
        } else if (p instanceof Pattern.ObjectPat o) {
            for (Pattern.FieldPat f : o.fields()) {
                fn.emit(Op.LOAD_LOCAL, t);
                fn.emit(Op.HAS_FIELD, fn.string(f.key()));
                fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
                fn.emit(Op.LOAD_LOCAL, t);
                fn.emit(Op.GET_FIELD, fn.string(f.key()));
                subPattern(f.pattern() == null ? new Pattern.Binding(f.key(), null) : f.pattern(), fails);
            }
            if (o.rest() != null) {
                fn.emit(Op.LOAD_LOCAL, t);
                int[] ops = new int[1 + o.fields().size()];
                ops[0] = o.fields().size();
                for (int i = 0; i < o.fields().size(); i++) ops[1 + i] = fn.string(o.fields().get(i).key());
                fn.emit(Op.WITHOUT_FIELDS, ops);
                bindPattern(o.rest());
            }
        } else if (p instanceof Pattern.Constructor c) {
            if (c.enumName() != null && enums.containsKey(c.enumName()) && !enums.get(c.enumName()).containsKey(c.variant())) {
                throw new CompileError(fn.line(), 1, "enum '" + c.enumName() + "' has no variant '" + c.variant() + "'");
            }
            String variant = c.enumName() == null ? c.variant() : c.enumName() + "::" + c.variant();
            fn.emit(Op.LOAD_LOCAL, t);
            fn.emit(Op.IS_VARIANT, fn.string(variant));
            fails.add(fn.emitJump(Op.JUMP_IF_FALSE));
            boolean some = c.enumName() == null && c.variant().equals("Some");
            for (int i = 0; i < c.args().size(); i++) {
                Pattern sub = c.args().get(i);
                if (sub instanceof Pattern.Wildcard) continue;
                fn.emit(Op.LOAD_LOCAL, t);
                if (some) fn.emit(Op.UNWRAP_SOME); else fn.emit(Op.PAYLOAD, i);
                subPattern(sub, fails);
            }
        } else if (p instanceof Pattern.Or o) {
            List<Integer> matched = new ArrayList<>();
            for (int i = 0; i < o.alternatives().size(); i++) {
                List<Integer> altFails = new ArrayList<>();
                pattern(o.alternatives().get(i), t, altFails);
                if (i == o.alternatives().size() - 1) {
                    fails.addAll(altFails);
                } else {
                    matched.add(fn.emitJump(Op.JUMP));
                    for (int f : altFails) fn.patch(f);
                }
            }
            for (int j : matched) fn.patch(j);
        }
    }

    /** Matches the value on top of the stack (popping it) against a nested pattern. */
    private void subPattern(Pattern p, List<Integer> fails) {
        if (p instanceof Pattern.Binding b && b.typeName() == null) {
            bindPattern(b.name());
            return;
        }
        int t = fn.temp();
        fn.emit(Op.STORE_LOCAL, t);
        pattern(p, t, fails);
    }

    /** Pops into the variable a pattern binds; alternatives of an or-pattern share one variable. */
    private void bindPattern(String name) {
        if (name.equals("_")) { fn.emit(Op.POP); return; }
        FunctionBuilder.Local existing = fn.findLocal(name);
        if (existing != null && existing.depth() == fn.scopeDepth && fn.scopeDepth > 0) {
            storeNew(existing);
            return;
        }
        bindNew(name);
    }
}
