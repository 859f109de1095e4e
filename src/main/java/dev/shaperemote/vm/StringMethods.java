package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.Locale;

import static dev.shaperemote.vm.Methods.chargeChars;
import static dev.shaperemote.vm.Methods.chargeSlots;
import static dev.shaperemote.vm.Methods.clampArg;
import static dev.shaperemote.vm.Methods.strArg;

/**
 * Builtin methods of strings. Lengths and indexes count Unicode code points (Shape strings are
 * sequences of chars, not UTF-16 units), so "é".length is 1 and emoji count once.
 */
final class StringMethods {
    private StringMethods() {}

    static int length(String s) { return s.codePointCount(0, s.length()); }

    /** UTF-16 offset of code point {@code cp} (0 <= cp <= length). */
    private static int off(String s, int cp) { return s.offsetByCodePoints(0, cp); }

    private static final MethodTable<String> TABLE = new MethodTable<String>()
            .def(0, 0, (ctx, s, name, args) -> (long) length(s), "len", "length", "graphemeLen", "grapheme_len")
            .def(0, 0, (ctx, s, name, args) -> s.isEmpty(), "isEmpty")
            .def(0, 0, (ctx, s, name, args) -> s, "toString", "to_string")
            .def(0, 0, StringMethods::toUpper, "toUpperCase", "to_upper_case", "toUpper", "upper")
            .def(0, 0, StringMethods::toLower, "toLowerCase", "to_lower_case", "toLower", "lower")
            .def(0, 0, (ctx, s, name, args) -> s.strip(), "trim")
            .def(0, 0, (ctx, s, name, args) -> s.stripLeading(), "trimStart", "trim_start", "trimLeft")
            .def(0, 0, (ctx, s, name, args) -> s.stripTrailing(), "trimEnd", "trim_end", "trimRight")
            .def(1, 1, (ctx, s, name, args) -> s.contains(strArg(name, args[0])), "contains")
            .def(1, 1, (ctx, s, name, args) -> s.startsWith(strArg(name, args[0])), "startsWith", "starts_with")
            .def(1, 1, (ctx, s, name, args) -> s.endsWith(strArg(name, args[0])), "endsWith", "ends_with")
            .def(1, 1, StringMethods::indexOf, "indexOf", "index_of", "lastIndexOf")
            .def(1, 1, StringMethods::charAt, "charAt", "char_at")
            .def(1, 1, StringMethods::codePointAt, "codePointAt", "code_point_at")
            .def(1, 2, StringMethods::substring, "substring")
            .def(1, 1, StringMethods::repeat, "repeat")
            .def(0, 0, StringMethods::reverse, "reverse")
            .def(0, 1, (ctx, s, name, args) -> args.length == 0 ? splitWhitespace(ctx, s) : split(ctx, s, strArg(name, args[0])), "split")
            .def(0, 0, (ctx, s, name, args) -> lines(ctx, s), "lines")
            // Iterating a string yields its characters ("abcde".iter().take(3), iterators/stress_reduce_collect#52).
            .def(0, 0, (ctx, s, name, args) -> chars(ctx, s), "chars", "iter")
            .def(2, 2, (ctx, s, name, args) -> replace(ctx, s, strArg(name, args[0]), strArg(name, args[1])), "replace", "replaceAll")
            .def(1, 1, StringMethods::join, "join")
            .def(1, 2, StringMethods::pad, "padStart", "pad_start", "padEnd", "pad_end")
            .def(0, 0, StringMethods::allChars, "isDigit", "is_digit", "isAlpha", "is_alpha", "isAscii", "is_ascii",
                    "isWhitespace", "is_whitespace", "isAlphanumeric", "is_alphanumeric")
            .def(0, 0, (ctx, s, name, args) -> converted(s, parseInt(s), "int"), "toInt", "to_int", "parseInt")
            .def(0, 0, (ctx, s, name, args) -> converted(s, parseNumber(s), "number"),
                    "toNumber", "to_number", "toFloat", "to_float", "parseFloat");

    static Object call(CallContext ctx, String s, String name, Object[] args) { return TABLE.call(ctx, s, name, args); }


    // ---- the methods that take more than a line ----

    private static Object toUpper(CallContext ctx, String s, String name, Object[] args) {
        chargeChars(ctx, 3L * s.length()); // upper-casing can grow a string (ß -> SS), at most 3x
        return s.toUpperCase(Locale.ROOT);
    }

    private static Object toLower(CallContext ctx, String s, String name, Object[] args) {
        chargeChars(ctx, 3L * s.length());
        return s.toLowerCase(Locale.ROOT);
    }

    /** An int code-point index, -1 when absent ("hello".indexOf("xyz") is -1, strings_formatting/stress_methods#50; the cases declare `-> int`). */
    private static Object indexOf(CallContext ctx, String s, String name, Object[] args) {
        String needle = strArg(name, args[0]);
        int i = name.equals("lastIndexOf") ? s.lastIndexOf(needle) : s.indexOf(needle);
        return i < 0 ? -1L : (long) s.codePointCount(0, i);
    }

    /** Out of range gives "" rather than an error (strings_formatting/stress_methods#66 runs ok). */
    private static Object charAt(CallContext ctx, String s, String name, Object[] args) {
        long i = Methods.longArg(name, args[0]);
        int n = length(s);
        if (i < 0 || i >= n) return "";
        int o = off(s, (int) i);
        return s.substring(o, s.offsetByCodePoints(o, 1));
    }

    /** -1 when out of range (strings_formatting/stress_methods#94). */
    private static Object codePointAt(CallContext ctx, String s, String name, Object[] args) {
        long i = Methods.longArg(name, args[0]);
        if (i < 0 || i >= length(s)) return -1L;
        return (long) s.codePointAt(off(s, (int) i));
    }

    /** Ends are clamped to the string; an empty range gives "". */
    private static Object substring(CallContext ctx, String s, String name, Object[] args) {
        int n = length(s);
        int start = clampArg(name, args[0], n);
        int end = args.length > 1 ? clampArg(name, args[1], n) : n;
        if (end <= start) return "";
        return s.substring(off(s, start), off(s, end));
    }

    private static Object repeat(CallContext ctx, String s, String name, Object[] args) {
        long times = Methods.longArg(name, args[0]);
        if (times < 0) throw ShapeError.runtime("repeat(): count must not be negative, got " + times);
        return repeat(ctx, s, times);
    }

    private static Object reverse(CallContext ctx, String s, String name, Object[] args) {
        chargeChars(ctx, s.length());
        int[] cps = s.codePoints().toArray();
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) sb.appendCodePoint(cps[i]);
        return sb.toString();
    }

    /** "sep".join(array): the receiver is the separator. */
    private static Object join(CallContext ctx, String s, String name, Object[] args) {
        if (!(args[0] instanceof ArrayValue a)) {
            throw ShapeError.runtime("join(): expected an array, got " + Values.typeName(args[0]));
        }
        return ArrayMethods.join(ctx, a.items, s);
    }

    private static Object pad(CallContext ctx, String s, String name, Object[] args) {
        long width = Methods.longArg(name, args[0]);
        String pad = args.length > 1 ? strArg(name, args[1]) : " ";
        return pad(ctx, s, width, pad, name.startsWith("padStart") || name.equals("pad_start"));
    }

    /** isDigit, isAlpha, ...: true when the string is non-empty and every character has the property. */
    private static Object allChars(CallContext ctx, String s, String name, Object[] args) {
        if (s.isEmpty()) return false;
        String kind = name.toLowerCase(Locale.ROOT).replace("_", "");
        return s.codePoints().allMatch(c -> switch (kind) {
            case "isdigit" -> c >= '0' && c <= '9';
            case "isalpha" -> Character.isLetter(c);
            case "isascii" -> c < 128;
            case "iswhitespace" -> Character.isWhitespace(c);
            default -> Character.isLetterOrDigit(c);
        });
    }

    /** A parsed value, or the error that {@code s} is not a {@code type}. */
    static <T> T converted(String s, T parsed, String type) {
        if (parsed == null) throw ShapeError.runtime("cannot convert \"" + clip(s) + "\" to " + type);
        return parsed;
    }

    /** {@code s} {@code times} times over, charged in full before it is built (its size is known up front). */
    static String repeat(CallContext ctx, String s, long times) {
        if (s.isEmpty() || times == 0) return "";
        chargeChars(ctx, multiply(s.length(), times));
        return s.repeat((int) times);
    }

    static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** At most 40 characters of a string, for error messages. */
    static String clip(String s) { return s.length() <= 40 ? s : s.substring(0, 40) + "..."; }

    static Long parseInt(String s) { return NumberSyntax.parseInt(s); }

    static Double parseNumber(String s) { return NumberSyntax.parseNumber(s); }

    static ArrayValue chars(CallContext ctx, String s) {
        int n = length(s);
        chargeSlots(ctx, n);
        chargeChars(ctx, 2L * n);
        ArrayList<Object> out = new ArrayList<>(n);
        s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return new ArrayValue(out);
    }

    /** Splits on every occurrence of {@code sep}, keeping empty parts: "".split(",") is [""] (stress_methods#120). */
    private static ArrayValue split(CallContext ctx, String s, String sep) {
        ArrayList<Object> out = new ArrayList<>();
        chargeChars(ctx, s.length());
        if (sep.isEmpty()) {
            // Like Rust's str::split(""): an empty part at both ends around every character.
            chargeSlots(ctx, length(s) + 2L);
            out.add("");
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            out.add("");
            return new ArrayValue(out);
        }
        int from = 0;
        while (true) {
            int i = s.indexOf(sep, from);
            chargeSlots(ctx, 1);
            if (i < 0) {
                out.add(s.substring(from));
                return new ArrayValue(out);
            }
            out.add(s.substring(from, i));
            from = i + sep.length();
        }
    }

    /** The parts between runs of whitespace (space, tab, newline, vertical tab, form feed, return), none empty. */
    private static ArrayValue splitWhitespace(CallContext ctx, String s) {
        ArrayList<Object> out = new ArrayList<>();
        chargeChars(ctx, s.length());
        String t = s.strip();
        int i = 0, n = t.length();
        while (i < n) {
            while (i < n && isSpace(t.charAt(i))) i++;
            int start = i;
            while (i < n && !isSpace(t.charAt(i))) i++;
            if (i > start) {
                chargeSlots(ctx, 1);
                Methods.tick(ctx, out.size());
                out.add(t.substring(start, i));
            }
        }
        return new ArrayValue(out);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** The lines of {@code s}, split at "\n" or "\r\n"; a final line break ends the last line, it does not start one. */
    private static ArrayValue lines(CallContext ctx, String s) {
        ArrayList<Object> out = new ArrayList<>();
        chargeChars(ctx, s.length());
        int start = 0;
        for (int nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
            chargeSlots(ctx, 1);
            Methods.tick(ctx, out.size());
            out.add(s.substring(start, nl > start && s.charAt(nl - 1) == '\r' ? nl - 1 : nl));
            start = nl + 1;
        }
        if (start < s.length() || out.isEmpty()) {
            chargeSlots(ctx, 1);
            out.add(s.substring(start));
        }
        return new ArrayValue(out);
    }

    /** Replaces every occurrence; an empty pattern matches between all characters ("-h-e-l-l-o-", stress_methods#109). */
    private static String replace(CallContext ctx, String s, String from, String to) {
        long count;
        if (from.isEmpty()) {
            count = s.length() + 1L;
        } else {
            count = 0;
            for (int i = s.indexOf(from); i >= 0; i = s.indexOf(from, i + from.length())) count++;
        }
        if (count == 0) return s;
        long total = s.length() + multiply(count, (long) to.length() - from.length());
        chargeChars(ctx, total);
        return s.replace(from, to);
    }

    private static String pad(CallContext ctx, String s, long width, String pad, boolean atStart) {
        int n = length(s);
        if (width <= n || pad.isEmpty()) return s;
        long fill = width - n;
        chargeChars(ctx, multiply(fill, 2) + s.length()); // a code point takes up to 2 UTF-16 units
        int[] padCps = pad.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        if (!atStart) sb.append(s);
        for (long i = 0; i < fill; i++) {
            Methods.tick(ctx, i);
            sb.appendCodePoint(padCps[(int) (i % padCps.length)]);
        }
        if (atStart) sb.append(s);
        return sb.toString();
    }
}
