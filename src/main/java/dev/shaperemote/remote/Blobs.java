package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BlobReferences;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The blob sets a call needs: the transitive closure of a function (its dependencies by hash and
 * the peers of its recursive cycles by name), and a program rebuilt from such a set.
 */
public final class Blobs {
    private Blobs() {}

    /**
     * The function and everything it reaches, keyed by hash: its dependencies, its cycle peers, and the
     * methods of the program's types its code (or a method's) may dispatch to ({@link #methodRows}), with
     * everything those reach in turn.
     */
    public static Map<FunctionHash, FunctionBlob> buildMinimalBlobsByHash(Program program, FunctionHash entry) {
        return buildMinimalBlobsByHash(program, List.of(entry));
    }

    /**
     * As {@link #buildMinimalBlobsByHash(Program, FunctionHash)} from several roots at once: a function and the
     * function values a call passes it, whose code may call methods the function itself never names.
     */
    public static Map<FunctionHash, FunctionBlob> buildMinimalBlobsByHash(Program program, Collection<FunctionHash> roots) {
        Map<FunctionHash, FunctionBlob> found = new LinkedHashMap<>();
        Map<String, List<FunctionHash>> index = byNameIndex(program.blobs().values());
        Function<String, List<FunctionHash>> byName = name -> index.getOrDefault(name, List.of());
        Set<FunctionHash> missing = new TreeSet<>();
        for (FunctionHash root : roots) missing.addAll(closure(root, program.blobs()::get, byName, found));
        List<TypeSchemas.Row> rows = TypeSchemas.programRows(program);
        for (int before = -1; missing.isEmpty() && before != found.size(); ) {
            before = found.size();
            for (TypeSchemas.Row row : TypeSchemas.named(rows, TypeSchemas.reachableNames(new ArrayList<>(found.values())))) {
                if (!found.containsKey(row.function())) missing.addAll(closure(row.function(), program.blobs()::get, byName, found));
            }
        }
        if (!missing.isEmpty()) throw new RemoteCallException(RemoteErrorKind.MissingModuleFunction,
                "the program lacks blobs " + missing, missing);
        return found;
    }

    /**
     * The rows of the program's method table that a call of this minimal set sends in {@code type_schemas}:
     * those whose method name the set's code calls (or the VM calls implicitly: operators, Drop).
     */
    public static List<TypeSchemas.Row> methodRows(Program program, Map<FunctionHash, FunctionBlob> minimal) {
        return TypeSchemas.named(TypeSchemas.programRows(program), TypeSchemas.reachableNames(minimal.values()));
    }

    /** The minimal blobs of the one function called {@code name}; a name two functions share is refused. */
    public static List<FunctionBlob> buildMinimalBlobs(Program program, String name) {
        return new ArrayList<>(buildMinimalBlobsByHash(program, uniqueByName(program.blobs().values(), name)).values());
    }

    /** The hash of the only function called {@code name}. */
    public static FunctionHash uniqueByName(Collection<FunctionBlob> blobs, String name) {
        List<FunctionBlob> matches = blobs.stream().filter(b -> b.name().equals(name)).toList();
        if (matches.isEmpty()) throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "no function is named '" + name + "'");
        if (matches.size() > 1) {
            throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "the name '" + name + "' is ambiguous: "
                    + matches.size() + " functions have it; call by hash instead");
        }
        return matches.get(0).contentHash();
    }

    /** A program of exactly these blobs, each checked against its hash. */
    public static Program programFromBlobsByHash(Map<FunctionHash, FunctionBlob> blobs, FunctionHash entry) {
        for (Map.Entry<FunctionHash, FunctionBlob> e : blobs.entrySet()) {
            if (!e.getKey().equals(e.getValue().contentHash()) || !e.getValue().hashIsValid()) {
                throw new RemoteCallException(RemoteErrorKind.ArgumentError, "blob hash mismatch for function '" + e.getValue().name() + "'");
            }
        }
        return new Program(entry, blobs);
    }

    public static Program programFromBlobs(Collection<FunctionBlob> blobs, FunctionHash entry) {
        Map<FunctionHash, FunctionBlob> byHash = new LinkedHashMap<>();
        for (FunctionBlob b : blobs) byHash.put(b.contentHash(), b);
        return programFromBlobsByHash(byHash, entry);
    }

    /**
     * Collects into {@code found} the blobs reachable from {@code entry}, looking each up with
     * {@code lookup}; returns the hashes nobody could supply (empty when the set is complete).
     */
    static Set<FunctionHash> closure(FunctionHash entry, Function<FunctionHash, FunctionBlob> lookup,
                                     Function<String, List<FunctionHash>> byName, Map<FunctionHash, FunctionBlob> found) {
        Set<FunctionHash> missing = new TreeSet<>();
        ArrayDeque<FunctionHash> work = new ArrayDeque<>();
        work.push(entry);
        while (!work.isEmpty()) {
            FunctionHash h = work.pop();
            if (found.containsKey(h) || missing.contains(h)) continue;
            FunctionBlob b = lookup.apply(h);
            if (b == null) {
                missing.add(h);
                continue;
            }
            found.put(h, b);
            for (FunctionHash d : b.dependencies()) work.push(d);
            for (String peer : BlobReferences.byName(b)) {
                List<FunctionHash> named = byName.apply(peer);
                if (named.size() != 1) {
                    throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "function '" + b.name() + "' calls '" + peer + "', which "
                            + (named.isEmpty() ? "is not among the blobs sent" : "is ambiguous"));
                }
                work.push(named.get(0));
            }
        }
        return missing;
    }

    static Map<String, List<FunctionHash>> byNameIndex(Collection<FunctionBlob> blobs) {
        Map<String, List<FunctionHash>> index = new HashMap<>();
        for (FunctionBlob b : blobs) index.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(b.contentHash());
        return index;
    }
}
