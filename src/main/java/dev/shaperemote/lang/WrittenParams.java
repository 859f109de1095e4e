package dev.shaperemote.lang;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters a function writes through: names {@code p} of its body's {@code p[i] = v} and {@code p.f = v}
 * (at any depth, {@code p[i].f = v} too). Passing one array or object to two such parameters of a call is
 * Shape's B0013. It walks the tree generically ({@link SyntaxNodes}) and over-approximates (a local that
 * shadows a parameter counts).
 */
final class WrittenParams {
    private final Set<String> written = new HashSet<>();

    private WrittenParams() {}

    /** The names of {@code params} that {@code body} writes through. */
    static Set<String> in(List<Expr.Param> params, Expr body) {
        WrittenParams w = new WrittenParams();
        w.walk(body);
        Set<String> out = new HashSet<>();
        for (Expr.Param p : params) if (p.name() != null && w.written.contains(p.name())) out.add(p.name());
        return out;
    }

    private void walk(Object node) {
        if (node instanceof Expr.Assign a && !(a.target() instanceof Expr.Var) && root(a.target()) instanceof Expr.Var v) {
            written.add(v.name());
        }
        if (node instanceof List<?> list) {
            for (Object item : list) walk(item);
        } else if (node instanceof Record r) {
            SyntaxNodes.components(r, this::walk);
        }
    }

    private static Expr root(Expr place) {
        while (true) {
            if (place instanceof Expr.Index i) place = i.object();
            else if (place instanceof Expr.Field f) place = f.object();
            else return place;
        }
    }
}
