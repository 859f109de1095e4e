package dev.shaperemote.vm;

import dev.shaperemote.bytecode.FunctionProto;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/** What every Shape value shares: its type name, truthiness, equality, ordering and printed form. */
public final class Values {
    /** Deeper than this, printing, comparing or hashing a value is refused instead of recursing. */
    public static final int MAX_DEPTH = 200;

    private Values() {}

    public static String typeName(Object v) {
        if (v instanceof Long) return "int";
        if (v instanceof Double) return "number";
        if (v instanceof Boolean) return "bool";
        if (v instanceof String) return "string";
        if (v == Nil.NONE) return "none";
        if (v == Nil.UNIT) return "unit";
        if (v instanceof ArrayValue) return "array";
        if (v instanceof ObjectValue) return "object";
        if (v instanceof MapValue) return "HashMap";
        if (v instanceof SomeValue || v == null) return "Option";
        if (v instanceof OkValue || v instanceof ErrValue) return "Result";
        if (v instanceof EnumValue e) return e.enumName();
        if (v instanceof RangeValue) return "range";
        if (v instanceof Closure || v instanceof NativeFunction || v instanceof FunctionProto) return "function";
        if (v instanceof TypedArray) return "typed array";
        if (v instanceof MatrixValue) return "matrix";
        if (v instanceof BytesValue) return "bytes";
        if (v instanceof ContentValue) return "content";
        return "value";
    }

    public static boolean truthy(Object v) {
        if (v instanceof Boolean b) return b;
        if (v == Nil.NONE || v == Nil.UNIT || v == null) return false;
        if (v instanceof Long l) return l != 0;
        if (v instanceof Double d) return d != 0.0;
        if (v instanceof String s) return !s.isEmpty();
        return true;
    }

    public static boolean isNumeric(Object v) { return v instanceof Long || v instanceof Double; }

    public static double toDouble(Object v) {
        if (v instanceof Double d) return d;
        if (v instanceof Long l) return l;
        if (v instanceof Boolean b) return b ? 1 : 0;
        throw ShapeError.runtime("expected a number, got " + typeName(v));
    }

    public static long toLong(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d) return (long) (double) d;
        if (v instanceof Boolean b) return b ? 1 : 0;
        throw ShapeError.runtime("expected an int, got " + typeName(v));
    }

    // ---- equality and hashing ----

    public static boolean equal(Object a, Object b) { return equal(a, b, 0); }

    private static boolean equal(Object a, Object b, int depth) {
        if (a == b) return true;
        if (depth > MAX_DEPTH) throw ShapeError.limit("value nested more than " + MAX_DEPTH + " levels deep");
        if (a instanceof Long x) {
            if (b instanceof Long y) return x.longValue() == y.longValue();
            if (b instanceof Double y) return x.doubleValue() == y;
            return false;
        }
        if (a instanceof Double x) {
            if (b instanceof Double y) return x.doubleValue() == y.doubleValue();
            if (b instanceof Long y) return x == y.doubleValue();
            return false;
        }
        if (a instanceof ArrayValue x && b instanceof ArrayValue y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!equal(x.get(i), y.get(i), depth + 1)) return false;
            return true;
        }
        if (a instanceof ObjectValue x && b instanceof ObjectValue y) {
            if (x.fields.size() != y.fields.size()) return false;
            for (Map.Entry<String, Object> e : x.fields.entrySet()) {
                if (!y.fields.containsKey(e.getKey()) || !equal(e.getValue(), y.fields.get(e.getKey()), depth + 1)) return false;
            }
            return true;
        }
        if (a instanceof MapValue x && b instanceof MapValue y) {
            if (x.entries().size() != y.entries().size()) return false;
            for (Map.Entry<Object, Object> e : x.entries().entrySet()) {
                if (!y.entries().containsKey(e.getKey()) || !equal(e.getValue(), y.entries().get(e.getKey()), depth + 1)) return false;
            }
            return true;
        }
        if (a instanceof SomeValue x && b instanceof SomeValue y) return equal(x.value(), y.value(), depth + 1);
        if (a instanceof OkValue x && b instanceof OkValue y) return equal(x.value(), y.value(), depth + 1);
        if (a instanceof ErrValue x && b instanceof ErrValue y) return equal(x.value(), y.value(), depth + 1);
        if (a instanceof EnumValue x && b instanceof EnumValue y) {
            if (!x.enumName().equals(y.enumName()) || !x.variant().equals(y.variant())) return false;
            if (x.payload().length != y.payload().length) return false;
            for (int i = 0; i < x.payload().length; i++) if (!equal(x.payload()[i], y.payload()[i], depth + 1)) return false;
            return true;
        }
        if (a instanceof RangeValue x && b instanceof RangeValue y) {
            return x.inclusive() == y.inclusive() && equal(x.start(), y.start(), depth + 1) && equal(x.end(), y.end(), depth + 1);
        }
        return Objects.equals(a, b);
    }

    public static int hash(Object v) { return hash(v, 0); }

    private static int hash(Object v, int depth) {
        if (depth > MAX_DEPTH) throw ShapeError.limit("value nested more than " + MAX_DEPTH + " levels deep");
        if (v instanceof Long l) return Double.hashCode(l.doubleValue());
        if (v instanceof Double d) return Double.hashCode(d);
        if (v instanceof ArrayValue a) {
            int h = 1;
            for (Object o : a.items) h = h * 31 + hash(o, depth + 1);
            return h;
        }
        if (v instanceof ObjectValue o) {
            int h = 7;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) h += e.getKey().hashCode() ^ hash(e.getValue(), depth + 1);
            return h;
        }
        if (v instanceof MapValue m) {
            int h = 11;
            for (Map.Entry<Object, Object> e : m.entries().entrySet()) h += hash(e.getKey(), depth + 1) ^ hash(e.getValue(), depth + 1);
            return h;
        }
        if (v instanceof SomeValue s) return 3 + hash(s.value(), depth + 1);
        if (v instanceof OkValue s) return 5 + hash(s.value(), depth + 1);
        if (v instanceof ErrValue s) return 9 + hash(s.value(), depth + 1);
        return Objects.hashCode(v);
    }

    /** Orders two values for sorting and {@code <}: numbers by value, strings lexically, arrays element-wise. */
    public static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        if (isNumeric(a) && isNumeric(b)) return Double.compare(toDouble(a), toDouble(b));
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
        if (a instanceof ArrayValue x && b instanceof ArrayValue y) {
            int n = Math.min(x.size(), y.size());
            for (int i = 0; i < n; i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(x.size(), y.size());
        }
        throw ShapeError.runtime("cannot compare " + typeName(a) + " with " + typeName(b));
    }

    // ---- printing ----

    /** Longest text {@link #describe} puts into an error message. */
    public static final int DESCRIBE_MAX_CHARS = 4096;

    /** The text {@code print} writes for a value, outside any run (Java's toString, the command line). */
    public static String display(Object v) {
        TextBuilder sb = TextBuilder.unmetered(TextBuilder.MAX_CHARS);
        write(sb, v, false, 0);
        return sb.finish();
    }

    /** The text {@code print} writes for a value, as a string value of the run: charged as it grows. */
    public static String display(Object v, CallContext ctx) {
        TextBuilder sb = TextBuilder.string(ctx);
        try {
            write(sb, v, false, 0);
            return sb.finish();
        } finally {
            sb.release();
        }
    }

    /** Appends the printed form of {@code v} to {@code sb}, which bounds and charges it. */
    public static void display(TextBuilder sb, Object v) { write(sb, v, false, 0); }

    /** A value for an error message: its printed form, clipped to {@value #DESCRIBE_MAX_CHARS} characters. */
    public static String describe(Object v) {
        TextBuilder sb = TextBuilder.unmetered(DESCRIBE_MAX_CHARS);
        try {
            write(sb, v, false, 0);
            return sb.finish();
        } catch (ShapeError e) {
            String part = sb.partial();
            return part.substring(0, Math.min(part.length(), DESCRIBE_MAX_CHARS)) + "...";
        }
    }

    public static String formatNumber(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return Long.toString((long) d) + ".0";
        return Double.toString(d).replace("E", "e");
    }

    private static void write(TextBuilder sb, Object v, boolean quoted, int depth) {
        if (depth > MAX_DEPTH) throw ShapeError.limit("value nested more than " + MAX_DEPTH + " levels deep to print");
        if (v instanceof String s) {
            if (quoted) sb.append('"').append(s).append('"'); else sb.append(s);
        } else if (v instanceof Long l) {
            sb.append(l.longValue());
        } else if (v instanceof Double d) {
            sb.append(formatNumber(d));
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue() ? "true" : "false");
        } else if (v == Nil.NONE || v == null) {
            sb.append("None");
        } else if (v == Nil.UNIT) {
            sb.append("()");
        } else if (v instanceof ArrayValue a) {
            sb.append('[');
            writeAll(sb, a.items.iterator(), depth);
            sb.append(']');
        } else if (v instanceof ObjectValue o) {
            if (o.fields.isEmpty()) { sb.append("{}"); return; }
            sb.append("{ ");
            boolean first = true;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(e.getKey()).append(": ");
                write(sb, e.getValue(), true, depth + 1);
            }
            sb.append(" }");
        } else if (v instanceof MapValue m) {
            sb.append("HashMap{");
            boolean first = true;
            for (Map.Entry<Object, Object> e : m.entries().entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                write(sb, e.getKey(), true, depth + 1);
                sb.append(": ");
                write(sb, e.getValue(), true, depth + 1);
            }
            sb.append('}');
        } else if (v instanceof SomeValue s) {
            write(sb, s.value(), quoted, depth + 1); // Some(x) prints as x, like Shape's own runtime
        } else if (v instanceof OkValue s) {
            wrap(sb, "Ok", s.value(), depth);
        } else if (v instanceof ErrValue s) {
            wrap(sb, "Err", s.value(), depth);
        } else if (v instanceof EnumValue e) {
            sb.append(e.enumName()).append("::").append(e.variant());
            if (e.payload().length > 0) {
                sb.append('(');
                writeAll(sb, java.util.Arrays.asList(e.payload()).iterator(), depth);
                sb.append(')');
            }
        } else if (v instanceof RangeValue r) {
            if (r.start() != null) write(sb, r.start(), false, depth + 1);
            sb.append(r.inclusive() ? "..=" : "..");
            if (r.end() != null) write(sb, r.end(), false, depth + 1);
        } else if (v instanceof TypedArray t) {
            sb.append('[');
            ArrayList<Object> items = new ArrayList<>();
            for (int i = 0; i < Math.min(t.length, 1000); i++) items.add(t.get(i));
            writeAll(sb, items.iterator(), depth);
            if (t.length > 1000) sb.append(", ...");
            sb.append(']');
        } else if (v instanceof NativeFunction f) {
            sb.append("<fn ").append(f.name()).append('>');
        } else if (v instanceof ContentValue c) {
            sb.append(c.render());
        } else {
            sb.append(String.valueOf(v));
        }
    }

    private static void wrap(TextBuilder sb, String tag, Object inner, int depth) {
        sb.append(tag).append('(');
        write(sb, inner, true, depth + 1);
        sb.append(')');
    }

    private static void writeAll(TextBuilder sb, Iterator<Object> it, int depth) {
        boolean first = true;
        while (it.hasNext()) {
            if (!first) sb.append(", ");
            first = false;
            write(sb, it.next(), true, depth + 1);
        }
    }
}
