package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

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

    /** Typed arrays answer a few methods on their packed data; every other method runs on a plain copy. */
    private static final MethodTable<TypedArray> TYPED = new MethodTable<TypedArray>()
            .def(0, 0, (ctx, t, name, args) -> (long) t.length, "len", "length")
            .def(0, -1, (ctx, t, name, args) -> args.length == 0 ? (Object) (long) t.length : Methods.NOT_FOUND, "count")
            .def(0, 0, ArrayMethods::typedAggregate, "sum", "avg", "mean", "min", "max")
            .def(0, 0, (ctx, t, name, args) -> toArray(ctx, t), "toArray", "collect", "iter");

    static Object callTyped(CallContext ctx, TypedArray t, String name, Object[] args) {
        Object r = TYPED.call(ctx, t, name, args);
        return r != Methods.NOT_FOUND ? r : call(ctx, toArray(ctx, t), name, args);
    }

    /** sum/avg/mean/min/max straight over float data, and avg/mean over any; int sums and extremes go to the array methods. */
    private static Object typedAggregate(CallContext ctx, TypedArray t, String name, Object[] args) {
        boolean floats = t.kind == ElementKind.F64 || t.kind == ElementKind.F32;
        if (!floats && !name.equals("avg") && !name.equals("mean")) return Methods.NOT_FOUND;
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

    static ArrayValue toArray(CallContext ctx, TypedArray t) {
        chargeSlots(ctx, t.length);
        ArrayList<Object> out = new ArrayList<>(t.length);
        for (int i = 0; i < t.length; i++) out.add(t.get(i));
        return new ArrayValue(out);
    }

    // Indexes from search methods are numbers, not ints: `print(arr.indexOf(30))` prints 2.0 (arrays_vectors/methods#8).
    private static final MethodTable<ArrayValue> TABLE = new MethodTable<ArrayValue>()
            .def(0, 0, (ctx, a, name, args) -> (long) a.items.size(), "len", "length")
            .def(0, 1, ArrayMethods::count, "count")
            .def(0, 0, (ctx, a, name, args) -> a.items.isEmpty(), "isEmpty")
            .def(0, 0, ArrayMethods::firstOrLast, "first", "last")
            .def(1, 1, ArrayMethods::get, "get")
            .def(1, -1, ArrayMethods::push, "push")
            .def(0, 0, (ctx, a, name, args) -> a.items.isEmpty() ? Nil.NONE : a.items.remove(a.items.size() - 1), "pop")
            .def(0, 0, ArrayMethods::reverse, "reverse")
            .def(0, 0, (ctx, a, name, args) -> new ArrayValue(copy(ctx, a.items)), "clone", "collect", "toArray")
            .def(0, 0, (ctx, a, name, args) -> a, "iter")
            .def(0, 0, (ctx, a, name, args) -> Values.display(a, ctx), "toString")
            .def(0, 1, ArrayMethods::sort, "sort")
            .def(1, 2, ArrayMethods::sortBy, "sortBy", "orderBy")
            .def(1, 2, ArrayMethods::slice, "slice")
            .def(1, 1, (ctx, a, name, args) -> sub(ctx, a.items, 0, clampArg(name, args[0], a.size())), "take")
            .def(1, 1, (ctx, a, name, args) -> sub(ctx, a.items, clampArg(name, args[0], a.size()), a.size()), "skip", "drop")
            .def(1, 1, ArrayMethods::takeOrSkipWhile, "takeWhile", "skipWhile")
            .def(0, -1, ArrayMethods::concat, "concat", "chain")
            .def(0, 1, (ctx, a, name, args) -> join(ctx, a.items, args.length == 0 ? "," : Methods.strArg(name, args[0])), "join")
            .def(1, 1, (ctx, a, name, args) -> indexOf(a.items, args[0], false) >= 0, "includes")
            .def(1, 1, (ctx, a, name, args) -> (double) indexOf(a.items, args[0], name.equals("lastIndexOf")), "indexOf", "lastIndexOf")
            .def(1, 1, (ctx, a, name, args) -> (double) findIndex(ctx, a.items, callableArg(name, args[0])), "findIndex")
            .def(1, 1, ArrayMethods::find, "find")
            .def(1, 1, ArrayMethods::anyOrAll, "some", "any", "every", "all")
            .def(1, 1, ArrayMethods::map, "map", "select")
            .def(1, 1, ArrayMethods::filter, "filter", "where")
            .def(1, 1, ArrayMethods::forEach, "forEach")
            .def(1, 2, ArrayMethods::reduce, "reduce", "fold")
            .def(1, 1, ArrayMethods::flatMap, "flatMap")
            .def(0, 0, ArrayMethods::flatten, "flatten")
            .def(0, 0, (ctx, a, name, args) -> distinct(ctx, a.items, null), "unique", "distinct")
            .def(1, 1, (ctx, a, name, args) -> distinct(ctx, a.items, callableArg(name, args[0])), "distinctBy", "uniqueBy")
            .def(0, 0, ArrayMethods::enumerate, "enumerate")
            .def(1, 1, ArrayMethods::zip, "zip")
            .def(1, 1, ArrayMethods::groupBy, "groupBy")
            .def(1, 1, ArrayMethods::setOperation, "union", "intersect", "except")
            .def(0, 1, ArrayMethods::single, "single")
            .def(0, 0, (ctx, a, name, args) -> sum(a.items), "sum")
            .def(0, 0, ArrayMethods::average, "avg", "mean")
            .def(0, 0, (ctx, a, name, args) -> extreme(a.items, name.equals("min")), "min", "max")
            .def(1, 1, ArrayMethods::extremeBy, "minBy", "maxBy");

    static Object call(CallContext ctx, ArrayValue a, String name, Object[] args) { return TABLE.call(ctx, a, name, args); }


    // ---- the methods that take more than a line ----

    private static Object count(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        if (args.length == 0) return (long) items.size();
        Object f = callableArg(name, args[0]);
        long n = 0;
        for (int i = 0; i < items.size(); i++) if (Values.truthy(callElem(ctx, f, items.get(i), i))) n++;
        return n;
    }

    private static Object firstOrLast(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        if (items.isEmpty()) return Nil.NONE;
        return name.equals("first") ? items.get(0) : items.get(items.size() - 1);
    }

    private static Object get(CallContext ctx, ArrayValue a, String name, Object[] args) {
        long i = Methods.longArg(name, args[0]);
        return i >= 0 && i < a.size() ? a.items.get((int) i) : Nil.NONE;
    }

    /**
     * push changes the array in place and returns it, so both {@code a.push(x)} as a statement
     * (closures_hof/stress_capture#38) and {@code a = a.push(x)} (arrays_vectors/stress_access_length#47) work.
     */
    private static Object push(CallContext ctx, ArrayValue a, String name, Object[] args) {
        chargeSlots(ctx, args.length);
        for (Object v : args) a.items.add(v);
        return a;
    }

    private static Object reverse(CallContext ctx, ArrayValue a, String name, Object[] args) {
        ArrayList<Object> out = copy(ctx, a.items);
        java.util.Collections.reverse(out);
        return new ArrayValue(out);
    }

    private static Object sort(CallContext ctx, ArrayValue a, String name, Object[] args) {
        ArrayList<Object> out = copy(ctx, a.items);
        if (args.length == 0) {
            mergeSort(ctx, out, Values::compare);
        } else {
            Object f = callableArg(name, args[0]);
            mergeSort(ctx, out, (x, y) -> comparatorResult(ctx.call(f, x, y)));
        }
        return new ArrayValue(out);
    }

    private static Object sortBy(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
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

    private static Object slice(CallContext ctx, ArrayValue a, String name, Object[] args) {
        int start = clampArg(name, args[0], a.size());
        int end = args.length > 1 ? clampArg(name, args[1], a.size()) : a.size();
        return sub(ctx, a.items, start, Math.max(start, end));
    }

    private static Object takeOrSkipWhile(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        Object f = callableArg(name, args[0]);
        int i = 0;
        while (i < items.size() && Values.truthy(callElem(ctx, f, items.get(i), i))) i++;
        return name.equals("takeWhile") ? sub(ctx, items, 0, i) : sub(ctx, items, i, items.size());
    }

    /** Array arguments are spliced in, any other value is appended as one element. */
    private static Object concat(CallContext ctx, ArrayValue a, String name, Object[] args) {
        long n = a.size();
        for (Object o : args) n += o instanceof ArrayValue x ? x.size() : 1;
        chargeSlots(ctx, n);
        ArrayList<Object> out = new ArrayList<>((int) n);
        out.addAll(a.items);
        for (Object o : args) {
            if (o instanceof ArrayValue x) out.addAll(x.items);
            else if (o instanceof TypedArray t) out.addAll(toArray(ctx, t).items);
            else out.add(o);
        }
        return new ArrayValue(out);
    }

    /** The first (or last) index holding a value equal to {@code v}, or -1. */
    private static int indexOf(List<Object> items, Object v, boolean last) {
        if (last) {
            for (int i = items.size() - 1; i >= 0; i--) if (Values.equal(items.get(i), v)) return i;
        } else {
            for (int i = 0; i < items.size(); i++) if (Values.equal(items.get(i), v)) return i;
        }
        return -1;
    }

    /** The first index whose element {@code f} accepts, or -1. */
    private static int findIndex(CallContext ctx, List<Object> items, Object f) {
        for (int i = 0; i < items.size(); i++) if (Values.truthy(callElem(ctx, f, items.get(i), i))) return i;
        return -1;
    }

    private static Object find(CallContext ctx, ArrayValue a, String name, Object[] args) {
        int i = findIndex(ctx, a.items, callableArg(name, args[0]));
        return i < 0 ? Nil.NONE : a.items.get(i);
    }

    private static Object anyOrAll(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        Object f = callableArg(name, args[0]);
        boolean wantAny = name.equals("some") || name.equals("any");
        for (int i = 0; i < items.size(); i++) {
            boolean t = Values.truthy(callElem(ctx, f, items.get(i), i));
            if (wantAny && t) return true;
            if (!wantAny && !t) return false;
        }
        return !wantAny;
    }

    private static Object map(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        Object f = callableArg(name, args[0]);
        chargeSlots(ctx, items.size());
        ArrayList<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(callElem(ctx, f, items.get(i), i));
        return new ArrayValue(out);
    }

    private static Object filter(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
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

    private static Object forEach(CallContext ctx, ArrayValue a, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        for (int i = 0; i < a.size(); i++) callElem(ctx, f, a.items.get(i), i);
        return Nil.NONE;
    }

    /**
     * reduce(f, init) folds from init (the cases always pass it, e.g. closures_hof/array_methods#6);
     * without init it starts from the first element, and an empty array is then an error.
     */
    private static Object reduce(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
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

    private static Object flatMap(CallContext ctx, ArrayValue a, String name, Object[] args) {
        Object f = callableArg(name, args[0]);
        ArrayList<Object> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) appendFlat(ctx, out, callElem(ctx, f, a.items.get(i), i));
        return new ArrayValue(out);
    }

    /** One level deep, like the reference; non-array elements are kept as they are. */
    private static Object flatten(CallContext ctx, ArrayValue a, String name, Object[] args) {
        ArrayList<Object> out = new ArrayList<>();
        for (Object o : a.items) appendFlat(ctx, out, o);
        return new ArrayValue(out);
    }

    private static Object enumerate(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
        chargeSlots(ctx, 3L * items.size());
        ArrayList<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(pair((long) i, items.get(i)));
        return new ArrayValue(out);
    }

    private static Object zip(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> other = asList(ctx, name, args[0]);
        int n = Math.min(a.size(), other.size());
        chargeSlots(ctx, 3L * n);
        ArrayList<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(pair(a.items.get(i), other.get(i)));
        return new ArrayValue(out);
    }

    /** An array of [key, items] pairs in first-seen key order (the reference's shape). */
    private static Object groupBy(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
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

    /** union/intersect/except with set semantics: the result has no duplicates and keeps the receiver's order first. */
    private static Object setOperation(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> other = asList(ctx, name, args[0]);
        HashSet<Key> otherSet = new HashSet<>();
        for (Object o : other) otherSet.add(new Key(o));
        HashSet<Key> seen = new HashSet<>();
        ArrayList<Object> out = new ArrayList<>();
        for (Object o : a.items) {
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

    private static Object single(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
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

    /** Always a number; an empty array averages to 0.0 (arrays_vectors/stress_reduce_fold#41). */
    private static Object average(CallContext ctx, ArrayValue a, String name, Object[] args) {
        if (a.items.isEmpty()) return 0.0;
        double total = 0;
        for (Object o : a.items) total += number(name, o);
        return total / a.size();
    }

    private static Object extremeBy(CallContext ctx, ArrayValue a, String name, Object[] args) {
        List<Object> items = a.items;
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
