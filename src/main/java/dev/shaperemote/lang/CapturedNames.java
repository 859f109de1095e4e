package dev.shaperemote.lang;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the names that functions nested inside a body mention. A local with such a name is kept
 * in a cell, so closures share it with the frame that declared it (Shape closures capture
 * variables, not values). Over-approximating is safe: a needless cell only costs speed.
 */
final class CapturedNames {
    private final Set<String> names = new HashSet<>();

    private CapturedNames() {}

    static Set<String> in(List<Stmt> body) {
        CapturedNames c = new CapturedNames();
        for (Stmt s : body) c.stmt(s, false);
        return c.names;
    }

    static Set<String> in(Expr body) {
        CapturedNames c = new CapturedNames();
        c.expr(body, false);
        return c.names;
    }

    private void stmt(Stmt s, boolean nested) {
        if (s instanceof Stmt.Let l) {
            if (l.value() != null) expr(l.value(), nested);
        } else if (s instanceof Stmt.Function f) {
            for (Expr.Param p : f.params()) if (p.defaultValue() != null) expr(p.defaultValue(), true);
            expr(f.body(), true);
            names.add(f.name());
        } else if (s instanceof Stmt.ExprStmt e) {
            expr(e.expr(), nested);
        } else if (s instanceof Stmt.Enum e) {
        } else if (s instanceof Stmt.Ignored i) {
        }
    }

    private void exprs(List<Expr> es, boolean nested) { for (Expr e : es) expr(e, nested); }

    private void expr(Expr e, boolean nested) {
        if (e == null) return;
        if (e instanceof Expr.Var v) {
            if (nested) names.add(v.name());
        } else if (e instanceof Expr.Lambda l) {
            for (Expr.Param p : l.params()) if (p.defaultValue() != null) expr(p.defaultValue(), true);
            expr(l.body(), true);
        } else if (e instanceof Expr.Literal l) {
        } else if (e instanceof Expr.FString f) {
            for (Object p : f.parts()) if (p instanceof Expr x) expr(x, nested);
        } else if (e instanceof Expr.Assign a) {
            expr(a.target(), nested); expr(a.value(), nested);
        } else if (e instanceof Expr.Binary b) {
            expr(b.left(), nested); expr(b.right(), nested);
        } else if (e instanceof Expr.Logical b) {
            expr(b.left(), nested); expr(b.right(), nested);
        } else if (e instanceof Expr.Unary u) {
            expr(u.operand(), nested);
        } else if (e instanceof Expr.Call c) {
            expr(c.callee(), nested); exprs(c.args(), nested);
        } else if (e instanceof Expr.NamedArg n) {
            expr(n.value(), nested);
        } else if (e instanceof Expr.MethodCall m) {
            expr(m.receiver(), nested); exprs(m.args(), nested);
        } else if (e instanceof Expr.Field f) {
            expr(f.object(), nested);
        } else if (e instanceof Expr.Index i) {
            expr(i.object(), nested); expr(i.index(), nested);
        } else if (e instanceof Expr.Spread s) {
            expr(s.value(), nested);
        } else if (e instanceof Expr.ArrayLit a) {
            exprs(a.elements(), nested);
        } else if (e instanceof Expr.ObjectLit o) {
            exprs(o.entries(), nested);
        } else if (e instanceof Expr.ObjectEntry o) {
            expr(o.value(), nested);
        } else if (e instanceof Expr.Block b) {
            for (Stmt s : b.statements()) stmt(s, nested); expr(b.tail(), nested);
        } else if (e instanceof Expr.If i) {
            expr(i.condition(), nested); expr(i.then(), nested); expr(i.otherwise(), nested);
        } else if (e instanceof Expr.Match m) {
            expr(m.scrutinee(), nested);
            for (Expr.MatchArm a : m.arms()) { expr(a.guard(), nested); expr(a.body(), nested); }
        } else if (e instanceof Expr.While w) {
            expr(w.condition(), nested); expr(w.body(), nested);
        } else if (e instanceof Expr.For f) {
            expr(f.iterable(), nested); expr(f.body(), nested);
        } else if (e instanceof Expr.Loop l) {
            expr(l.body(), nested);
        } else if (e instanceof Expr.Range r) {
            expr(r.start(), nested); expr(r.end(), nested);
        } else if (e instanceof Expr.Try t) {
            expr(t.value(), nested);
        } else if (e instanceof Expr.Path p) {
        } else if (e instanceof Expr.Is i) {
            expr(i.value(), nested);
        } else if (e instanceof Expr.Cast c) {
            expr(c.value(), nested);
        } else if (e instanceof Expr.Return r) {
            expr(r.value(), nested);
        } else if (e instanceof Expr.Break b) {
            expr(b.value(), nested);
        } else if (e instanceof Expr.Continue c) {
        }
    }
}
