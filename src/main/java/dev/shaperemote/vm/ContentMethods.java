package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.List;

/**
 * The content system's functions: the {@code Content} builders ({@code Content.text}, {@code .table},
 * {@code .code}, {@code .kv}, {@code .fragment}), the styling methods of a content value ({@code fg},
 * {@code bg}, {@code bold}, {@code italic}, {@code underline}, {@code dim}), and the two intrinsics a
 * {@code c"..."} string compiles to: {@code __content(parts...)} and {@code __content_styled(value, spec)}.
 */
final class ContentMethods {
    private ContentMethods() {}

    /** The builtin {@code Content}: its builders are its methods; calling it is {@code Content.text}. */
    static final NativeFunction NAMESPACE = new NativeFunction() {
        @Override public String name() { return "Content"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            Methods.arity("Content", args, 1, 1);
            return text(args[0], ctx);
        }

        @Override public String toString() { return "<builtin Content>"; }
    };

    /** {@code c"a {x} b"}: the parts, strings and holes, as one fragment (a part already content stays as it is). */
    static final NativeFunction JOIN = new NativeFunction() {
        @Override public String name() { return "content string"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            if (args.length == 1 && args[0] instanceof ContentValue c) return c;
            if (args.length == 1) return text(args[0], ctx);
            List<ContentValue> parts = new ArrayList<>();
            for (Object a : args) parts.add(a instanceof ContentValue c ? c : text(a, ctx));
            return new ContentValue.Fragment(List.copyOf(parts));
        }
    };

    /** {@code {x:fg(green), bold}} in a c-string: the value as content with the spec's styles, in order. */
    static final NativeFunction STYLED = new NativeFunction() {
        @Override public String name() { return "content style"; }

        @Override public Object call(CallContext ctx, Object[] args) {
            Methods.arity("content style", args, 2, 2);
            ContentValue c = args[0] instanceof ContentValue v ? v : text(args[0], ctx);
            for (String style : styles(Methods.strArg("content style", args[1]))) c = c.styled(style);
            return c;
        }
    };

    /** The styles of a spec, split at the commas outside parentheses: {@code "fg(green),bold"} → fg(green), bold. */
    static List<String> styles(String spec) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i <= spec.length(); i++) {
            char c = i < spec.length() ? spec.charAt(i) : ',';
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                String style = spec.substring(start, i).trim();
                if (!style.isEmpty()) out.add(style);
                start = i + 1;
            }
        }
        return out;
    }

    private static ContentValue text(Object v, CallContext ctx) {
        return v instanceof ContentValue c ? c : new ContentValue.Text(Values.display(v, ctx), List.of());
    }

    /** A builder of {@code Content}, or {@link Methods#NOT_FOUND}. */
    static Object build(CallContext ctx, String name, Object[] args) {
        switch (name) {
            case "text" -> {
                Methods.arity(name, args, 1, 1);
                return text(args[0], ctx);
            }
            case "fragment" -> {
                Methods.arity(name, args, 1, 1);
                List<ContentValue> parts = new ArrayList<>();
                for (Object part : list(name, args[0])) parts.add(text(part, ctx));
                return new ContentValue.Fragment(List.copyOf(parts));
            }
            case "table" -> {
                Methods.arity(name, args, 2, 2);
                List<List<String>> rows = new ArrayList<>();
                for (Object row : list(name, args[1])) rows.add(strings(name, row, ctx));
                return new ContentValue.Table(strings(name, args[0], ctx), List.copyOf(rows));
            }
            case "code" -> {
                Methods.arity(name, args, 2, 2);
                return new ContentValue.Code(Methods.strArg(name, args[0]), Methods.strArg(name, args[1]));
            }
            case "kv" -> {
                Methods.arity(name, args, 1, 1);
                List<List<String>> pairs = new ArrayList<>();
                for (Object pair : list(name, args[0])) {
                    List<String> kv = strings(name, pair, ctx);
                    if (kv.size() != 2) throw ShapeError.runtime("kv(): each pair is [key, value], got " + kv.size() + " items");
                    pairs.add(kv);
                }
                return new ContentValue.KeyValue(List.copyOf(pairs));
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }

    /** A styling method of a content value, or {@link Methods#NOT_FOUND}. */
    static Object call(CallContext ctx, ContentValue c, String name, Object[] args) {
        switch (name) {
            case "fg", "bg" -> {
                Methods.arity(name, args, 1, 1);
                return c.styled(name + "(" + Methods.strArg(name, args[0]) + ")");
            }
            case "bold", "italic", "underline", "dim" -> {
                Methods.arity(name, args, 0, 0);
                return c.styled(name);
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }

    private static List<Object> list(String method, Object v) {
        if (v instanceof ArrayValue a) return a.items;
        throw ShapeError.runtime(method + "(): expected an array, got " + Values.typeName(v));
    }

    private static List<String> strings(String method, Object v, CallContext ctx) {
        List<String> out = new ArrayList<>();
        for (Object item : list(method, v)) out.add(Values.display(item, ctx));
        return List.copyOf(out);
    }
}
