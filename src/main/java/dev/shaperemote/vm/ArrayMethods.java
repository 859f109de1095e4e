package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

import static dev.shaperemote.vm.Methods.arg;
import static dev.shaperemote.vm.Methods.arity;
import static dev.shaperemote.vm.Methods.callElem;
import static dev.shaperemote.vm.Methods.callableArg;
import static dev.shaperemote.vm.Methods.chargeSlots;
import static dev.shaperemote.vm.Methods.clampArg;

/**
 * Builtin methods of arrays (and of typed arrays, which are copied into a plain array first).
 * Iterators are eager here: {@code iter()} returns the array itself, so every iterator adaptor
 * (map, filter, take, enumerate, chain, collect, ...) is an array method.
 */
final class ArrayMethods {
    private ArrayMethods() {}

    /** Wraps a value so Java hashing follows Shape equality ({@code 1 == 1.0}). */
    record Key(Object v) {
        @Override public boolean equals(Object o) { return o instanceof Key k && Values.equal(v, k.v); }

        @Override public int hashCode() { return Values.hash(v); }
    }

    static Object callTyped(CallContext ctx, TypedArray t, String name, Object[] args) {
        switch (name) {
            case "len", "length", "count" -> {
                if (!name.equals("count") || args.length == 0) {
                    arity(name, args, 0, 0);
                    return (long) t.length;
                }
            }
            case "sum", "avg", "mean", "min", "max" -> {
                arity(name, args, 0, 0);
                boolean floats = t.kind == ElementKind.F64 || t.kind == ElementKind.F32;
                if (floats || name.equals("avg") || name.equals("mean")) {
                    if (t.length == 0) {
                        return switch (name) {
                            case "min" -> Double.POSITIVE_INFINITY;
                            case "max" -> Double.NEGATIVE_INFINITY;
                            default -> 0.0;
                        };
                    }
                    double acc = name.equals("min") ? Double.POSITIVE_INFINITY
                            : name.equals("max") ? Double.NEGATIVE_INFINITY : 0.0;
                    for (int i = 0; i < t.length; i++) {
                        double d = t.getDouble(i);
                        acc = name.equals("min") ? Math.min(acc, d) : name.equals("max") ? Math.max(acc, d) : acc + d;
                    }
                    return name.equals("avg") || name.equals("mean") ? acc / t.length : acc;
                }
            }
            case "toArray", "collect", "iter" -> {
                arity(name, args, 0, 0);
                return toArray(ctx, t);
            }
            default -> { }
        }
        return call(ctx, toArray(ctx, t), name, args);
    }

    static ArrayValue toArray(CallContext ctx, TypedArray t) {
        chargeSlots(ctx, t.length);
        ArrayList<Object> out = new ArrayList<>(t.length);
        for (int i = 0; i < t.length; i++) out.add(t.get(i));
        return new ArrayValue(out);
    }

    static Object call(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        switch (name) {
            case "len", "length" -> {
                arity(name, args, 0, 0);
                return (long) items.size();
            }
            case "count" -> {
                arity(name, args, 0, 1);
                if (args.length == 0) return (long) items.size();
                Object f = callableArg(name, args[0]);
                long n = 0;
                for (int i = 0; i < items.size(); i++) if (Values.truthy(callElem(ctx, f, items.get(i), i))) n++;
                return n;
            }
            case "isEmpty" -> {
                arity(name, args, 0, 0);
                return items.isEmpty();
            }
            case "first", "last" -> {
                arity(name, args, 0, 0);
                if (items.isEmpty()) return Nil.NONE;
                return name.equals("first") ? items.get(0) : items.get(items.size() - 1);
            }
            case "get" -> {
                arity(name, args, 1, 1);
                long i = Methods.longArg(name, args[0]);
                return i >= 0 && i < items.size() ? items.get((int) i) : Nil.NONE;
            }
            case "push" -> {
                // push changes the array in place and returns it, so both `a.push(x)` as a statement
                // (closures_hof/stress_capture#38) and `a = a.push(x)` (arrays_vectors/stress_access_length#47) work.
                arity(name, args, 1, -1);
                chargeSlots(ctx, args.length);
                for (Object v : args) items.add(v);
                return a;
            }
            case "pop" -> {
                arity(name, args, 0, 0);
                return items.isEmpty() ? Nil.NONE : items.remove(items.size() - 1);
            }
            case "reverse" -> {
                arity(name, args, 0, 0);
                ArrayList<Object> out = copy(ctx, items);
                java.util.Collections.reverse(out);
                return new ArrayValue(out);
            }
            case "clone", "collect", "toArray" -> {
                arity(name, args, 0, 0);
                return new ArrayValue(copy(ctx, items));
            }
            case "iter" -> {
                arity(name, args, 0, 0);
                return a;
            }
            case "toString" -> {
                arity(name, args, 0, 0);
                return Values.display(a, ctx);
            }
            case "sort" -> {
                arity(name, args, 0, 1);
                ArrayList<Object> out = copy(ctx, items);
                if (args.length == 0) {
                    mergeSort(ctx, out, Values::compare);
                } else {
                    Object f = callableArg(name, args[0]);
                    mergeSort(ctx, out, (x, y) -> comparatorResult(ctx.call(f, x, y)));
                }
                return new ArrayValue(out);
            }
            case "sortBy", "orderBy" -> {
                arity(name, args, 1, 2);
                Object f = callableArg(name, args[0]);
                boolean desc = false;
                if (args.length == 2) {
                    String dir = Methods.strArg(name, args[1]).toLowerCase(java.util.Locale.ROOT);
                    if (dir.equals("desc") || dir.equals("descending")) desc = true;
                    else if (!dir.equals("asc") && !dir.equals("ascending")) {
                        throw ShapeError.runtime(name + "(): direction must be \"asc\" or \"desc\", got \"" + dir + "\"");
                    }
                }
                chargeSlots(ctx, 2L * items.size());
                ArrayList<Object[]> keyed = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) keyed.add(new Object[] {callElem(ctx, f, items.get(i), i), items.get(i)});
                boolean d = desc;
                mergeSort(ctx, keyed, (x, y) -> d ? Values.compare(y[0], x[0]) : Values.compare(x[0], y[0]));
                ArrayList<Object> out = new ArrayList<>(keyed.size());
                for (Object[] kv : keyed) out.add(kv[1]);
                return new ArrayValue(out);
            }
            case "slice" -> {
                arity(name, args, 1, 2);
                int start = clampArg(name, args[0], items.size());
                int end = args.length > 1 ? clampArg(name, args[1], items.size()) : items.size();
                return sub(ctx, items, start, Math.max(start, end));
            }
            case "take" -> {
                arity(name, args, 1, 1);
                return sub(ctx, items, 0, clampArg(name, args[0], items.size()));
            }
            case "skip", "drop" -> {
                arity(name, args, 1, 1);
                return sub(ctx, items, clampArg(name, args[0], items.size()), items.size());
            }
            case "takeWhile", "skipWhile" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                int i = 0;
                while (i < items.size() && Values.truthy(callElem(ctx, f, items.get(i), i))) i++;
                return name.equals("takeWhile") ? sub(ctx, items, 0, i) : sub(ctx, items, i, items.size());
            }
            case "concat", "chain" -> {
                // Array arguments are spliced in, any other value is appended as one element.
                long n = items.size();
                for (Object o : args) n += o instanceof ArrayValue x ? x.size() : 1;
                chargeSlots(ctx, n);
                ArrayList<Object> out = new ArrayList<>((int) n);
                out.addAll(items);
                for (Object o : args) {
                    if (o instanceof ArrayValue x) out.addAll(x.items);
                    else if (o instanceof TypedArray t) out.addAll(toArray(ctx, t).items);
                    else out.add(o);
                }
                return new ArrayValue(out);
            }
            case "join" -> {
                arity(name, args, 0, 1);
                String sep = args.length == 0 ? "," : Methods.strArg(name, args[0]);
                return join(ctx, items, sep);
            }
            case "includes" -> {
                arity(name, args, 1, 1);
                for (Object o : items) if (Values.equal(o, args[0])) return true;
                return false;
            }
            case "indexOf", "lastIndexOf" -> {
                // Indexes from search methods are numbers, not ints: `print(arr.indexOf(30))` prints
                // 2.0 (arrays_vectors/methods#8).
                arity(name, args, 1, 1);
                if (name.equals("indexOf")) {
                    for (int i = 0; i < items.size(); i++) if (Values.equal(items.get(i), args[0])) return (double) i;
                } else {
                    for (int i = items.size() - 1; i >= 0; i--) if (Values.equal(items.get(i), args[0])) return (double) i;
                }
                return -1.0;
            }
            case "findIndex" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                for (int i = 0; i < items.size(); i++) if (Values.truthy(callElem(ctx, f, items.get(i), i))) return (double) i;
                return -1.0;
            }
            case "find" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                for (int i = 0; i < items.size(); i++) {
                    if (Values.truthy(callElem(ctx, f, items.get(i), i))) return items.get(i);
                }
                return Nil.NONE;
            }
            case "some", "any", "every", "all" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                boolean wantAny = name.equals("some") || name.equals("any");
                for (int i = 0; i < items.size(); i++) {
                    boolean t = Values.truthy(callElem(ctx, f, items.get(i), i));
                    if (wantAny && t) return true;
                    if (!wantAny && !t) return false;
                }
                return !wantAny;
            }
            case "map", "select" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                chargeSlots(ctx, items.size());
                ArrayList<Object> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) out.add(callElem(ctx, f, items.get(i), i));
                return new ArrayValue(out);
            }
            case "filter", "where" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                ArrayList<Object> out = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    Object v = items.get(i);
                    if (Values.truthy(callElem(ctx, f, v, i))) {
                        chargeSlots(ctx, 1);
                        out.add(v);
                    }
                }
                return new ArrayValue(out);
            }
            case "forEach" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                for (int i = 0; i < items.size(); i++) callElem(ctx, f, items.get(i), i);
                return Nil.NONE;
            }
            case "reduce", "fold" -> {
                // reduce(f, init) folds from init (the cases always pass it, e.g. closures_hof/array_methods#6);
                // without init it starts from the first element, and an empty array is then an error.
                arity(name, args, 1, 2);
                Object f = callableArg(name, args[0]);
                int start = 0;
                Object acc;
                if (args.length == 2) {
                    acc = args[1];
                } else {
                    if (items.isEmpty()) throw ShapeError.runtime(name + "() of an empty array with no initial value");
                    acc = items.get(0);
                    start = 1;
                }
                boolean withIndex = Methods.arityOf(f) >= 3;
                for (int i = start; i < items.size(); i++) {
                    acc = withIndex ? ctx.call(f, acc, items.get(i), (long) i) : ctx.call(f, acc, items.get(i));
                }
                return acc;
            }
            case "flatMap" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                ArrayList<Object> out = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) appendFlat(ctx, out, callElem(ctx, f, items.get(i), i));
                return new ArrayValue(out);
            }
            case "flatten" -> {
                // One level deep, like the reference; non-array elements are kept as they are.
                arity(name, args, 0, 0);
                ArrayList<Object> out = new ArrayList<>();
                for (Object o : items) appendFlat(ctx, out, o);
                return new ArrayValue(out);
            }
            case "unique", "distinct" -> {
                arity(name, args, 0, 0);
                return distinct(ctx, items, null);
            }
            case "distinctBy", "uniqueBy" -> {
                arity(name, args, 1, 1);
                return distinct(ctx, items, callableArg(name, args[0]));
            }
            case "enumerate" -> {
                arity(name, args, 0, 0);
                chargeSlots(ctx, 3L * items.size());
                ArrayList<Object> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) out.add(pair((long) i, items.get(i)));
                return new ArrayValue(out);
            }
            case "zip" -> {
                arity(name, args, 1, 1);
                List<Object> other = asList(ctx, name, args[0]);
                int n = Math.min(items.size(), other.size());
                chargeSlots(ctx, 3L * n);
                ArrayList<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) out.add(pair(items.get(i), other.get(i)));
                return new ArrayValue(out);
            }
            case "groupBy" -> {
                // An array of [key, items] pairs in first-seen key order (the reference's shape).
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                chargeSlots(ctx, 4L * items.size());
                LinkedHashMap<Key, ArrayList<Object>> groups = new LinkedHashMap<>();
                HashMap<Key, Object> firstKey = new HashMap<>();
                for (int i = 0; i < items.size(); i++) {
                    Object k = callElem(ctx, f, items.get(i), i);
                    Key key = new Key(k);
                    firstKey.putIfAbsent(key, k);
                    groups.computeIfAbsent(key, x -> new ArrayList<>()).add(items.get(i));
                }
                ArrayList<Object> out = new ArrayList<>(groups.size());
                for (var e : groups.entrySet()) out.add(pair(firstKey.get(e.getKey()), new ArrayValue(e.getValue())));
                return new ArrayValue(out);
            }
            case "union", "intersect", "except" -> {
                // Set semantics: the result has no duplicates and keeps the receiver's order first.
                arity(name, args, 1, 1);
                List<Object> other = asList(ctx, name, args[0]);
                HashSet<Key> otherSet = new HashSet<>();
                for (Object o : other) otherSet.add(new Key(o));
                HashSet<Key> seen = new HashSet<>();
                ArrayList<Object> out = new ArrayList<>();
                for (Object o : items) {
                    boolean inOther = otherSet.contains(new Key(o));
                    boolean keep = name.equals("union") || (name.equals("intersect") == inOther);
                    if (keep && seen.add(new Key(o))) {
                        chargeSlots(ctx, 1);
                        out.add(o);
                    }
                }
                if (name.equals("union")) {
                    for (Object o : other) {
                        if (seen.add(new Key(o))) {
                            chargeSlots(ctx, 1);
                            out.add(o);
                        }
                    }
                }
                return new ArrayValue(out);
            }
            case "single" -> {
                arity(name, args, 0, 1);
                Object found = null;
                int count = 0;
                for (int i = 0; i < items.size(); i++) {
                    boolean match = args.length == 0 || Values.truthy(callElem(ctx, callableArg(name, args[0]), items.get(i), i));
                    if (match) {
                        if (++count > 1) throw ShapeError.runtime("single() found more than one matching element");
                        found = items.get(i);
                    }
                }
                if (count == 0) throw ShapeError.runtime("single() found no matching element");
                return found;
            }
            case "sum" -> {
                arity(name, args, 0, 0);
                return sum(items);
            }
            case "avg", "mean" -> {
                // Always a number; an empty array averages to 0.0 (arrays_vectors/stress_reduce_fold#41).
                arity(name, args, 0, 0);
                if (items.isEmpty()) return 0.0;
                double total = 0;
                for (Object o : items) total += number(name, o);
                return total / items.size();
            }
            case "min", "max" -> {
                arity(name, args, 0, 0);
                return extreme(items, name.equals("min"));
            }
            case "minBy", "maxBy" -> {
                arity(name, args, 1, 1);
                Object f = callableArg(name, args[0]);
                if (items.isEmpty()) return Nil.NONE;
                Object best = items.get(0);
                Object bestKey = callElem(ctx, f, best, 0);
                for (int i = 1; i < items.size(); i++) {
                    Object k = callElem(ctx, f, items.get(i), i);
                    int c = Values.compare(k, bestKey);
                    if (name.equals("minBy") ? c < 0 : c > 0) {
                        best = items.get(i);
                        bestKey = k;
                    }
                }
                return best;
            }
            default -> {
                return Methods.NOT_FOUND;
            }
        }
    }

    // ---- helpers ----

    private static ArrayList<Object> copy(CallContext ctx, List<Object> items) {
        chargeSlots(ctx, items.size());
        return new ArrayList<>(items);
    }

    private static ArrayValue sub(CallContext ctx, List<Object> items, int from, int to) {
        chargeSlots(ctx, to - from);
        return new ArrayValue(new ArrayList<>(items.subList(from, to)));
    }

    static ArrayValue pair(Object a, Object b) {
        ArrayList<Object> p = new ArrayList<>(2);
        p.add(a);
        p.add(b);
        return new ArrayValue(p);
    }

    private static List<Object> asList(CallContext ctx, String method, Object v) {
        if (v instanceof ArrayValue x) return x.items;
        if (v instanceof TypedArray t) return toArray(ctx, t).items;
        throw ShapeError.runtime(method + "(): expected an array, got " + Values.typeName(v));
    }

    private static void appendFlat(CallContext ctx, ArrayList<Object> out, Object v) {
        if (v instanceof ArrayValue x) {
            chargeSlots(ctx, x.size());
            out.addAll(x.items);
        } else if (v instanceof TypedArray t) {
            out.addAll(toArray(ctx, t).items);
        } else {
            chargeSlots(ctx, 1);
            out.add(v);
        }
    }

    private static ArrayValue distinct(CallContext ctx, List<Object> items, Object keyFn) {
        HashSet<Key> seen = new HashSet<>();
        ArrayList<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object v = items.get(i);
            Object k = keyFn == null ? v : callElem(ctx, keyFn, v, i);
            if (seen.add(new Key(k))) {
                chargeSlots(ctx, 1);
                out.add(v);
            }
        }
        return new ArrayValue(out);
    }

    /** The elements' printed forms between separators, formatted straight into one bounded builder. */
    static String join(CallContext ctx, List<Object> items, String sep) {
        TextBuilder sb = TextBuilder.string(ctx);
        try {
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(sep);
                Values.display(sb, items.get(i));
            }
            return sb.finish();
        } finally {
            sb.release();
        }
    }

    private static double number(String method, Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d) return d;
        throw ShapeError.runtime(method + "() requires an array of numbers, found " + Values.typeName(v));
    }

    /** Sum of ints stays an int (overflow is an error); any number element makes the sum a number. */
    static Object sum(List<Object> items) {
        boolean allInts = true;
        for (Object o : items) {
            if (!(o instanceof Long)) allInts = false;
            number("sum", o);
        }
        if (allInts) {
            long total = 0;
            try {
                for (Object o : items) total = Math.addExact(total, (Long) o);
            } catch (ArithmeticException e) {
                throw ShapeError.runtime("integer overflow in sum()");
            }
            return total;
        }
        double total = 0;
        for (Object o : items) total += number("sum", o);
        return total;
    }

    /**
     * min/max: the smallest/largest element itself (an int stays an int). Empty arrays give
     * +inf / -inf like the reference implementation; non-numbers are ordered by Values.compare.
     */
    private static Object extreme(List<Object> items, boolean min) {
        if (items.isEmpty()) return min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        Object best = items.get(0);
        for (int i = 1; i < items.size(); i++) {
            int c = Values.compare(items.get(i), best);
            if (min ? c < 0 : c > 0) best = items.get(i);
        }
        return best;
    }

    /** A comparator callback's result as an ordering: a number's sign, or a bool meaning "a before b". */
    private static int comparatorResult(Object r) {
        if (r instanceof Long l) return Long.signum(l);
        if (r instanceof Double d) return d < 0 ? -1 : d > 0 ? 1 : 0;
        if (r instanceof Boolean b) return b ? -1 : 0;
        throw ShapeError.runtime("sort() comparator must return a number or a bool, got " + Values.typeName(r));
    }

    interface Cmp<T> {
        int compare(T a, T b);
    }

    /**
     * Stable merge sort that asks the comparator only "does right come before left?", so user
     * comparators that are inconsistent or return a bool never upset it (Java's TimSort would throw).
     */
    static <T> void mergeSort(CallContext ctx, List<T> list, Cmp<T> cmp) {
        int n = list.size();
        if (n < 2) return;
        @SuppressWarnings("unchecked")
        T[] a = (T[]) list.toArray();
        @SuppressWarnings("unchecked")
        T[] tmp = (T[]) new Object[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    Methods.tick(ctx, k); // every 4096 comparisons, whatever the comparator costs
                    tmp[k++] = cmp.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
                }
                while (i < mid) tmp[k++] = a[i++];
                while (j < hi) tmp[k++] = a[j++];
                System.arraycopy(tmp, lo, a, lo, hi - lo);
            }
        }
        for (int i = 0; i < n; i++) list.set(i, a[i]);
    }
}
