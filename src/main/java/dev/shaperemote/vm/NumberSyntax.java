package dev.shaperemote.vm;

/**
 * Reads ints and numbers out of caller strings with one left-to-right scan: linear in the input
 * whatever it holds, where a regular expression with nested or adjacent repeats ({@code [0-9]+\.?[0-9]*})
 * may backtrack quadratically on a long run of digits that ends badly.
 */
final class NumberSyntax {
    private NumberSyntax() {}

    /** An int: an optional {@code +}, then {@code -?[0-9]+} with {@code _} allowed anywhere; null otherwise or on overflow. */
    static Long parseInt(String s) {
        String t = s.strip();
        int i = t.startsWith("+") ? 1 : 0;
        StringBuilder digits = new StringBuilder(t.length());
        boolean sawDigit = false;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '_') continue;
            if (c == '-' && digits.length() == 0) {
                digits.append(c);
            } else if (c >= '0' && c <= '9') {
                digits.append(c);
                sawDigit = true;
            } else {
                return null;
            }
        }
        if (!sawDigit) return null;
        try {
            return Long.parseLong(digits.toString());
        } catch (NumberFormatException e) {
            return null; // out of the int range
        }
    }

    /**
     * A number in plain decimal syntax, {@code [+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?}, or
     * inf / infinity / NaN; null otherwise. Java's own parser would also take "1d", "0x1p3" and the like.
     */
    static Double parseNumber(String s) {
        String t = s.strip();
        if (t.equals("inf") || t.equals("+inf") || t.equals("infinity")) return Double.POSITIVE_INFINITY;
        if (t.equals("-inf") || t.equals("-infinity")) return Double.NEGATIVE_INFINITY;
        if (t.equals("NaN") || t.equals("nan")) return Double.NaN;
        return isDecimal(t) ? Double.parseDouble(t) : null;
    }

    private static boolean isDecimal(String t) {
        int n = t.length(), i = 0;
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
        int whole = digits(t, i);
        i += whole;
        if (i < n && t.charAt(i) == '.') {
            i++;
            int fraction = digits(t, i);
            if (whole == 0 && fraction == 0) return false;
            i += fraction;
        } else if (whole == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
            int exponent = digits(t, i);
            if (exponent == 0) return false;
            i += exponent;
        }
        return i == n;
    }

    /** How many ASCII digits start at {@code from}. */
    private static int digits(String t, int from) {
        int i = from;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') i++;
        return i - from;
    }
}
