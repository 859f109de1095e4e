package dev.shaperemote.lang;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the names that functions nested inside a body mention. A local with such a name is kept
 * in a cell, so closures share it with the frame that declared it (Shape closures capture
 * variables, not values). Over-approximating is safe: a needless cell only costs speed.
 *
 * <p>Every node of the tree is a record, so the walk visits a node's components generically: only
 * names, lambdas and nested functions need a rule, and a node kind added later is walked without
 * a change here (a pass that listed the kinds would silently skip a new one).
 */
final class CapturedNames {
    private final Set<String> names = new HashSet<>();

    private CapturedNames() {}

    static Set<String> in(List<Stmt> body) {
        CapturedNames c = new CapturedNames();
        c.walk(body, false);
        return c.names;
    }

    static Set<String> in(Expr body) {
        CapturedNames c = new CapturedNames();
        c.walk(body, false);
        return c.names;
    }

    /** {@code nested}: the node is inside a function nested in the body being compiled. */
    private void walk(Object node, boolean nested) {
        if (node instanceof Expr.Var v) {
            if (nested) names.add(v.name());
        } else if (node instanceof Stmt.Function f) {
            names.add(f.name());
            components(f, true);
        } else if (node instanceof Expr.Lambda l) {
            components(l, true);
        } else if (node instanceof List<?> list) {
            for (Object item : list) walk(item, nested);
        } else if (node instanceof Record r) {
            components(r, nested);
        }
    }

    private void components(Record r, boolean nested) {
        SyntaxNodes.components(r, child -> walk(child, nested));
    }
}
