package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.HashedBlob;
import dev.shaperemote.wire.RemoteCallError;
import dev.shaperemote.wire.WireClosure;
import dev.shaperemote.wire.WireFunctionRef;
import dev.shaperemote.wire.WireMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The worker's side of a call (WIRE.md section 5): rebuilds the program from the request's blobs
 * and the connection's cache, checks every blob against its hash, dispatches to the function, runs
 * it under budgets through {@link CallRun}, which turns every way it can fail into its {@link RemoteErrorKind}. Never throws.
 */
public final class RemoteExecutor {
    private RemoteExecutor() {}

    /**
     * What a call may use: its budgets, the handle a timeout cancels it through, and how the blobs it
     * brings are stored (a worker may swap each for one instance shared by all connections).
     */
    public record CallOptions(Budgets budgets, RunControl control, UnaryOperator<List<FunctionBlob>> intern) {
        public CallOptions(Budgets budgets, RunControl control) { this(budgets, control, UnaryOperator.identity()); }

        public static CallOptions defaults() { return new CallOptions(Budgets.defaults(), new RunControl()); }
    }

    /** The answer to one call: its value, or its error with the missing hashes in {@code details}. */
    public static WireMessage.RemoteCallResponse executeRemoteCall(RemoteCallRequest request, List<WireMessage.BlobSidecar> sidecars,
                                                            BlobCache cache, CallOptions options) {
        return response(run(request, sidecars, cache, options), request.requestId());
    }

    /** Runs one call; how it ended, with its kind. */
    public static CallRun.Outcome run(RemoteCallRequest request, List<WireMessage.BlobSidecar> sidecars, BlobCache cache,
                                      CallOptions options) {
        return CallRun.run(new Call(request, sidecars, cache, options.intern()), options.budgets(), options.control());
    }

    /** The {@code CallResponse} of an outcome; a missing blob's hash goes to {@code details.missing_hashes}. */
    public static WireMessage.RemoteCallResponse response(CallRun.Outcome o, Long requestId) {
        if (o.ok()) return WireMessage.RemoteCallResponse.ok(o.value(), requestId, o.metrics());
        Map<Object, Object> details = null;
        if (!o.missing().isEmpty()) {
            details = new LinkedHashMap<>();
            List<Object> hashes = new ArrayList<>();
            for (FunctionHash h : o.missing()) hashes.add(h.bytes());
            details.put("missing_hashes", hashes);
        }
        return WireMessage.RemoteCallResponse.err(new RemoteCallError(o.errorMessage(), o.errorKind().name(), details), requestId, o.metrics());
    }

    /** A call's part of a run: the program rebuilt from the request's blobs and the cache, then the function called. */
    private static final class Call implements CallRun.Work {
        private final RemoteCallRequest request;
        private final List<WireMessage.BlobSidecar> sidecars;
        private final BlobCache cache;
        private final UnaryOperator<List<FunctionBlob>> intern;
        private FunctionProto function;
        private List<Object> args;
        private List<Object> upvalues;
        private List<Method> methods;

        Call(RemoteCallRequest request, List<WireMessage.BlobSidecar> sidecars, BlobCache cache,
             UnaryOperator<List<FunctionBlob>> intern) {
            this.request = request;
            this.sidecars = sidecars;
            this.cache = cache;
            this.intern = intern;
        }

        @Override public CallRun.Subject subject() { return CallRun.Subject.CALL; }

        @Override public BytecodeProgram program(RunControl control) {
            Sidecars.Extracted values = Sidecars.reassembleSidecars(request.arguments(), request.upvalues(), sidecars);
            Map<FunctionHash, FunctionBlob> offered = offeredBlobs(request);
            // The call runs on the blobs it brought (their source maps give its lines); the cache may keep shared copies.
            cache.insertBlobs(intern.apply(new ArrayList<>(offered.values())));
            FunctionHash target = dispatch(request, offered, cache);
            List<TypeSchemas.Row> rows = TypeSchemas.fromWire(request.typeSchemas());
            Map<String, Set<String>> fields = StructFields.fromWire(request.typeSchemas());
            Map<FunctionHash, FunctionBlob> needed = new LinkedHashMap<>();
            Function<FunctionHash, FunctionBlob> lookup = h -> offered.containsKey(h) ? offered.get(h) : cache.get(h);
            Function<String, List<FunctionHash>> byName = name -> candidatesByName(name, offered.values(), cache);
            Set<FunctionHash> missing = Blobs.closure(target, lookup, byName, needed);
            // The function values sent are roots of the linked set too: the callee may call them.
            for (FunctionHash value : ValueWalk.functionHashes(values.arguments(), values.upvalues())) {
                if (!needed.containsKey(value)) missing.addAll(Blobs.closure(value, lookup, byName, needed));
            }
            // So are the methods the caller's type_schemas name: the callee dispatches to them.
            for (TypeSchemas.Row row : rows) {
                if (!needed.containsKey(row.function())) missing.addAll(Blobs.closure(row.function(), lookup, byName, needed));
            }
            if (missing.contains(target)) {
                throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "no function with hash " + target.hex()
                        + " is in the request or this connection's cache; send its blob", missing);
            }
            if (!missing.isEmpty()) {
                throw new RemoteCallException(RemoteErrorKind.MissingModuleFunction,
                        missing.size() + " function blob(s) are held neither in the request nor in this connection's cache; resend them", missing);
            }
            BytecodeProgram program = Linker.link(needed, null);
            function = program.byHash(target);
            args = resolveFunctions(values.arguments(), program);
            upvalues = values.upvalues() == null ? null : resolveFunctions(values.upvalues(), program);
            checkShape(function, args, upvalues);
            StructFields.check(args, upvalues, fields);
            methods = new ArrayList<>(rows.size());
            for (TypeSchemas.Row row : rows) methods.add(new Method(row.type(), row.method(), program.byHash(row.function())));
            return program;
        }

        @Override public Object run(Interpreter vm) {
            for (Method m : methods) vm.defineMethod(m.type(), m.name(), m.function());
            Object[] passed = args.toArray();
            // A reference parameter ("&x") gets a cell of its own holding the value sent: the caller's place
            // stays on the caller's machine, so the callee's writes through it are not sent back.
            for (int i = 0; i < passed.length; i++) {
                if (function.paramNames[i].startsWith("&")) passed[i] = new Cell(passed[i]);
            }
            return vm.call(function, passed, upvalues == null ? null : upvalues.toArray());
        }
    }

    /** A method-table row of the call, its function linked. */
    private record Method(String type, String name, FunctionProto function) {}

    /** The request's blobs, each checked against the hash it is sent under. */
    private static Map<FunctionHash, FunctionBlob> offeredBlobs(RemoteCallRequest request) {
        Map<FunctionHash, FunctionBlob> offered = new TreeMap<>();
        if (request.program() != null) {
            request.program().blobs().forEach((h, b) -> offer(offered, h, b));
            if (!request.program().blobs().isEmpty() && request.programHash() != null
                    && !RemoteCalls.programHash(request.program()).equals(request.programHash())) {
                throw new RemoteCallException(RemoteErrorKind.ArgumentError, "program hash mismatch: the program sent is not the one program_hash names");
            }
        }
        if (request.functionBlobs() != null) for (HashedBlob hb : request.functionBlobs()) offer(offered, hb.hash(), hb.blob());
        return offered;
    }

    private static void offer(Map<FunctionHash, FunctionBlob> offered, FunctionHash key, FunctionBlob blob) {
        if (!key.equals(blob.contentHash()) || !blob.hashIsValid()) {
            throw new RemoteCallException(RemoteErrorKind.ArgumentError, "blob hash mismatch for function '" + blob.name() + "'");
        }
        offered.put(key, blob);
    }

    /** Which function the request means: closure, then hash, then id, then a name only one function has. */
    private static FunctionHash dispatch(RemoteCallRequest r, Map<FunctionHash, FunctionBlob> offered, BlobCache cache) {
        if (r.upvalues() != null && r.functionHash() == null && r.functionId() == null) {
            throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "a closure call needs function_hash or function_id");
        }
        if (r.functionHash() != null) return r.functionHash();
        if (r.functionId() != null) {
            List<FunctionHash> table = new ArrayList<>(offered.keySet()); // the linker's order: ascending hash
            if (r.functionId() < 0 || r.functionId() >= table.size()) {
                throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "function id " + r.functionId()
                        + " is not in the program's function table of " + table.size());
            }
            return table.get(r.functionId());
        }
        if (r.functionName() == null || r.functionName().isEmpty()) {
            throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "the call names no function (hash, id or name)");
        }
        List<FunctionBlob> named = candidatesByName(r.functionName(), offered.values(), cache).stream()
                .map(h -> offered.containsKey(h) ? offered.get(h) : cache.get(h)).toList();
        if (named.isEmpty()) throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "no function is named '" + r.functionName() + "'");
        if (named.size() > 1) {
            throw new RemoteCallException(RemoteErrorKind.FunctionNotFound, "the name '" + r.functionName() + "' is ambiguous: "
                    + named.size() + " functions have it; call by hash instead");
        }
        return named.get(0).contentHash();
    }

    /** Hashes of the functions with this name: among the request's blobs when it has any, else in the cache. */
    private static List<FunctionHash> candidatesByName(String name, Collection<FunctionBlob> offered, BlobCache cache) {
        List<FunctionHash> hashes = offered.stream().filter(b -> b.name().equals(name)).map(FunctionBlob::contentHash).toList();
        if (!hashes.isEmpty()) return hashes;
        return cache.findByName(name).stream().map(FunctionBlob::contentHash).toList();
    }

    /** Function values that arrived by hash become closures over the linked program. */
    private static List<Object> resolveFunctions(List<Object> values, BytecodeProgram program) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(Sidecars.map(v, x -> {
                if (x instanceof WireFunctionRef ref) {
                    FunctionProto f = ref.hash() == null ? null : program.byHash(ref.hash());
                    if (f == null) throw new RemoteCallException(RemoteErrorKind.ArgumentError, "function value '" + ref.name() + "' is not among the blobs of this call");
                    return new Closure(f, new Cell[0]);
                }
                if (x instanceof WireClosure c) {
                    FunctionProto f = c.functionHash() != null ? program.byHash(c.functionHash()) : program.function(c.functionId() == null ? -1 : c.functionId());
                    if (f == null) throw new RemoteCallException(RemoteErrorKind.ArgumentError, "a closure argument refers to a function not among the blobs of this call");
                    if (f.capturesCount != c.upvalues().size()) throw new RemoteCallException(RemoteErrorKind.ArgumentError, "a closure argument has the wrong number of captured values");
                    Cell[] cells = new Cell[c.upvalues().size()];
                    List<Object> ups = resolveFunctions(c.upvalues(), program);
                    for (int i = 0; i < cells.length; i++) cells[i] = new Cell(ups.get(i));
                    return new Closure(f, cells);
                }
                if (x instanceof dev.shaperemote.wire.SidecarRef || x instanceof dev.shaperemote.wire.WireDecimal) {
                    throw new RemoteCallException(RemoteErrorKind.ArgumentError, "a " + (x instanceof dev.shaperemote.wire.WireDecimal ? "decimal" : "sidecar placeholder") + " argument cannot be used here");
                }
                return null;
            }));
        }
        return out;
    }

    private static void checkShape(FunctionProto f, List<Object> args, List<Object> upvalues) {
        if (args.size() > f.arity || args.size() < f.minArity) {
            throw new RemoteCallException(RemoteErrorKind.ArgumentError, "function '" + f.name + "' takes "
                    + (f.minArity == f.arity ? f.arity : f.minArity + " to " + f.arity) + " argument(s), the call sent " + args.size());
        }
        int sent = upvalues == null ? 0 : upvalues.size();
        if (sent != f.capturesCount) {
            throw new RemoteCallException(RemoteErrorKind.ArgumentError, "function '" + f.name + "' captures "
                    + f.capturesCount + " value(s), the call sent " + sent);
        }
    }

}
