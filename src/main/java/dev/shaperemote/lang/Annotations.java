package dev.shaperemote.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands the annotations of a program into plain declarations before it is compiled, so the rest of the
 * compiler and the VM know nothing of them.
 *
 * <p>An annotation's comptime {@code post} hook runs at compile time on the declaration it annotates:
 * {@code extend target { methods }} adds an {@code extend} block for an annotated type, {@code replace body
 * { .. }} replaces an annotated function's body, {@code set param y = v} gives a parameter a default, and
 * {@code remove target} drops the declaration. Its runtime hooks wrap an annotated function {@code f}:
 * {@code f} becomes a function with the same parameters that calls each {@code before(args, ctx)} hook
 * (outermost annotation first; each returns the argument array the next one sees), then the original body,
 * compiled as the function {@code f@body}, with those arguments, then each {@code after(args, result, ctx)}
 * hook (innermost first; each returns the result the next one sees), and returns the last result. A hook is
 * compiled once per annotation as the function {@code @name.before} / {@code @name.after}, whose first
 * parameters are the annotation's own: each use passes its arguments there.
 */
final class Annotations {
    private Annotations() {}

    /** Names the wrapper's locals use; '%' keeps them out of reach of the source's names. */
    private static final String ARGS = "%args", CTX = "%ctx", RESULT = "%result";

    static List<Stmt> expand(List<Stmt> program) {
        Map<String, Stmt.Annotation> declared = new HashMap<>();
        for (Stmt s : program) {
            if (s instanceof Stmt.Annotation a) declared.put(a.name(), a);
        }
        if (declared.isEmpty() && program.stream().noneMatch(s -> s instanceof Stmt.Annotated)) return program;
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : program) {
            if (s instanceof Stmt.Annotation a) {
                if (a.before() != null) out.add(hook(a, a.before()));
                if (a.after() != null) out.add(hook(a, a.after()));
            } else if (s instanceof Stmt.Annotated an) {
                out.addAll(apply(an, declared));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** A runtime hook as a top-level function: the annotation's parameters, then the hook's own. */
    private static Stmt.Function hook(Stmt.Annotation a, Stmt.Method m) {
        List<Expr.Param> params = new ArrayList<>(a.params());
        params.addAll(m.params());
        return new Stmt.Function(hookName(a.name(), m.name()), params, null, m.body(), m.line(), m.col());
    }

    private static String hookName(String annotation, String hook) { return "@" + annotation + "." + hook; }

    private static List<Stmt> apply(Stmt.Annotated an, Map<String, Stmt.Annotation> declared) {
        Stmt target = an.target();
        String kind = kindOf(target);
        List<Stmt.Annotation> annotations = new ArrayList<>();
        for (Stmt.AnnotationUse use : an.annotations()) {
            Stmt.Annotation a = declared.get(use.name());
            if (a == null) throw new CompileError(use.line(), use.col(), "unknown annotation '@" + use.name() + "'");
            if (kind == null) {
                throw new CompileError(use.line(), use.col(), "annotation '@" + use.name() + "' cannot be applied to "
                        + describe(target) + "; annotations apply to functions and types");
            }
            boolean runtime = a.before() != null || a.after() != null;
            if (a.targets() != null && !allows(a.targets(), kind) || runtime && !kind.equals("function")) {
                throw new CompileError(use.line(), use.col(), "annotation '@" + use.name() + "' cannot be applied to a " + kind
                        + ": its target" + (a.targets() == null ? " is a function (it has before/after hooks)"
                        : "s are " + String.join(", ", a.targets())));
            }
            if (use.args().size() > a.params().size()) {
                throw new CompileError(use.line(), use.col(), "annotation '@" + use.name() + "' takes " + a.params().size()
                        + " argument(s), got " + use.args().size());
            }
            annotations.add(a);
        }
        List<Stmt> out = new ArrayList<>();
        List<Stmt.Impl> extensions = new ArrayList<>();
        boolean removed = false;
        // Compile-time hooks apply innermost first, as the declaration is built up from its nearest annotation out.
        for (int i = annotations.size() - 1; i >= 0; i--) {
            Stmt.Annotation a = annotations.get(i);
            Stmt.AnnotationUse use = an.annotations().get(i);
            for (Stmt.Directive d : a.post()) {
                if (d instanceof Stmt.RemoveTarget) {
                    removed = true;
                } else if (d instanceof Stmt.ExtendTarget e) {
                    if (!kind.equals("type")) throw misplaced(use, "extend target", kind);
                    extensions.add(new Stmt.Impl(null, nameOf(target), null, e.methods(), an.line()));
                } else if (d instanceof Stmt.ReplaceBody r) {
                    if (!(target instanceof Stmt.Function f)) throw misplaced(use, "replace body", kind);
                    target = new Stmt.Function(f.name(), f.params(), f.returnType(), r.body(), f.line(), f.col());
                } else if (d instanceof Stmt.SetParam p) {
                    if (!(target instanceof Stmt.Function f)) throw misplaced(use, "set param", kind);
                    target = withDefault(f, p.name(), substitute(p.value(), a, use), use);
                }
            }
        }
        if (removed) return out;
        if (target instanceof Stmt.Function f && annotations.stream().anyMatch(a -> a.before() != null || a.after() != null)) {
            out.addAll(wrap(f, an.annotations(), annotations));
        } else {
            out.add(target);
        }
        out.addAll(extensions);
        return out;
    }

    private static boolean allows(List<String> targets, String kind) {
        return targets.contains(kind) || kind.equals("function") && targets.contains("fn");
    }

    /** "function" or "type" for what annotations apply to; null for anything else. */
    private static String kindOf(Stmt s) {
        if (s instanceof Stmt.Function) return "function";
        if (s instanceof Stmt.TypeDecl || s instanceof Stmt.TypeAlias || s instanceof Stmt.Trait || s instanceof Stmt.Enum) return "type";
        return null;
    }

    private static String nameOf(Stmt s) {
        if (s instanceof Stmt.TypeDecl t) return t.name();
        if (s instanceof Stmt.TypeAlias t) return t.name();
        if (s instanceof Stmt.Trait t) return t.name();
        if (s instanceof Stmt.Enum e) return e.name();
        return ((Stmt.Function) s).name();
    }

    private static String describe(Stmt s) {
        if (s instanceof Stmt.Let) return "a let binding";
        if (s instanceof Stmt.Annotation) return "an annotation";
        return "this statement";
    }

    private static CompileError misplaced(Stmt.AnnotationUse use, String directive, String kind) {
        return new CompileError(use.line(), use.col(), "annotation '@" + use.name() + "': '" + directive
                + "' cannot be applied to a " + kind);
    }

    /** An annotation parameter named in a directive's value stands for the argument the use gave it. */
    private static Expr substitute(Expr value, Stmt.Annotation a, Stmt.AnnotationUse use) {
        if (value instanceof Expr.Var v) {
            for (int i = 0; i < a.params().size(); i++) {
                if (v.name().equals(a.params().get(i).name())) {
                    return i < use.args().size() ? use.args().get(i) : new Expr.Literal(null, v.line(), v.col());
                }
            }
        }
        return value;
    }

    private static Stmt.Function withDefault(Stmt.Function f, String param, Expr value, Stmt.AnnotationUse use) {
        List<Expr.Param> params = new ArrayList<>();
        boolean found = false;
        for (Expr.Param p : f.params()) {
            if (param.equals(p.name())) {
                params.add(new Expr.Param(p.name(), p.pattern(), value, p.reference()));
                found = true;
            } else {
                params.add(p);
            }
        }
        if (!found) {
            throw new CompileError(use.line(), use.col(), "annotation '@" + use.name() + "': function '" + f.name()
                    + "' has no parameter '" + param + "'");
        }
        return new Stmt.Function(f.name(), params, f.returnType(), f.body(), f.line(), f.col());
    }

    /** The wrapper {@code f} and the original body as {@code f@body}. */
    private static List<Stmt> wrap(Stmt.Function f, List<Stmt.AnnotationUse> uses, List<Stmt.Annotation> annotations) {
        int line = f.line(), col = f.col();
        List<Expr.Param> outer = new ArrayList<>();
        List<Expr.Param> inner = new ArrayList<>();
        List<Expr> forwarded = new ArrayList<>();
        for (int i = 0; i < f.params().size(); i++) {
            Expr.Param p = f.params().get(i);
            if (p.reference()) {
                throw new CompileError(line, col, "function '" + f.name() + "' has a reference parameter '&" + p.name()
                        + "', which a before/after annotation cannot pass on");
            }
            String name = p.pattern() == null ? p.name() : "%p" + i;
            outer.add(new Expr.Param(name, null, p.defaultValue()));
            inner.add(new Expr.Param(p.name(), p.pattern(), null));
            forwarded.add(new Expr.Var(name, line, col));
        }
        String bodyName = f.name() + "@body";
        List<Stmt> statements = new ArrayList<>();
        statements.add(let(ARGS, new Expr.ArrayLit(forwarded, line, col), line));
        statements.add(let(CTX, new Expr.ObjectLit(List.of(new Expr.ObjectEntry("function", new Expr.Literal(f.name(), line, col),
                line, col)), line, col), line));
        for (int i = 0; i < annotations.size(); i++) {
            Stmt.Annotation a = annotations.get(i);
            if (a.before() != null) statements.add(assign(ARGS, call(a, a.before(), uses.get(i), List.of(ARGS, CTX), line, col), line));
        }
        List<Expr> bodyArgs = new ArrayList<>();
        for (int i = 0; i < f.params().size(); i++) {
            bodyArgs.add(new Expr.Index(new Expr.Var(ARGS, line, col), new Expr.Literal((long) i, line, col), line, col));
        }
        statements.add(let(RESULT, new Expr.Call(new Expr.Var(bodyName, line, col), bodyArgs, line, col), line));
        for (int i = annotations.size() - 1; i >= 0; i--) {
            Stmt.Annotation a = annotations.get(i);
            if (a.after() != null) statements.add(assign(RESULT, call(a, a.after(), uses.get(i), List.of(ARGS, RESULT, CTX), line, col), line));
        }
        Expr.Block wrapper = new Expr.Block(statements, new Expr.Var(RESULT, line, col), line, col);
        return List.of(new Stmt.Function(f.name(), outer, f.returnType(), wrapper, line, col),
                new Stmt.Function(bodyName, inner, f.returnType(), f.body(), line, col));
    }

    /** A call of hook {@code m} of {@code a}: the use's arguments (None for those left out), then as many of {@code locals} as the hook takes. */
    private static Expr call(Stmt.Annotation a, Stmt.Method m, Stmt.AnnotationUse use, List<String> locals, int line, int col) {
        List<Expr> args = new ArrayList<>();
        for (int i = 0; i < a.params().size(); i++) {
            args.add(i < use.args().size() ? use.args().get(i) : new Expr.Literal(null, line, col));
        }
        for (int i = 0; i < m.params().size() && i < locals.size(); i++) args.add(new Expr.Var(locals.get(i), line, col));
        return new Expr.Call(new Expr.Var(hookName(a.name(), m.name()), line, col), args, line, col);
    }

    private static Stmt let(String name, Expr value, int line) {
        return new Stmt.Let(new Pattern.Binding(name, null), true, value, false, line);
    }

    private static Stmt assign(String name, Expr value, int line) {
        return new Stmt.ExprStmt(new Expr.Assign(new Expr.Var(name, line, 0), null, value, line, 0), line);
    }
}
