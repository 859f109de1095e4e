package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When and how functions are compiled. A function is compiled once it is hot (calls, plus loops
 * counted at the interpreter's budget checks, reach {@link #threshold()}) or when asked
 * ({@link #compile}); the class is defined as a hidden class, so it is unloaded with the last
 * function that uses it. Classes are shared by blob hash through a bounded map: a million distinct
 * functions keep at most {@link #CACHE_SIZE} classes alive beyond the linked programs still in use.
 *
 * <p>{@code -Dshape.jit=off} makes every new interpreter interpret only; {@code -Dshape.jit.threshold=N}
 * sets the heat at which a function is compiled; both only where the run's budgets carry no settings of
 * their own ({@code Budgets.jit}, which the worker fills from {@code shape.worker.jit*}).
 */
public final class Jit {
    private Jit() {}

    /** Classes kept by hash; beyond this the least recently used one is dropped (functions still holding it keep it). */
    public static final int CACHE_SIZE = 2_000;
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType NO_ARGS = MethodType.methodType(void.class);

    /** Marks a function the compiler refused, so it is not tried again. */
    private static final Object REFUSED = new Object() {
        @Override public String toString() { return "<interpreted only>"; }
    };

    private static final Map<Key, CompiledFunction> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Key, CompiledFunction> e) { return size() > CACHE_SIZE; }
    };

    /** A blob's hash and which of its references are itself: the class calls itself directly only where it did when compiled. */
    private record Key(String hash, String selfRefs) {}

    /** Whether interpreters compile hot functions unless told otherwise. */
    public static boolean enabledByDefault() {
        return !"off".equalsIgnoreCase(System.getProperty("shape.jit", "on"));
    }

    /** Heat (calls, loop checks) at which a function is compiled. */
    public static int threshold() {
        return Integer.getInteger("shape.jit.threshold", 1_000);
    }

    /** The compiled form of {@code f}, or null when the compiler does not handle it; compiles at most once per function. */
    public static CompiledFunction compile(FunctionProto f) {
        Object done = f.compiled;
        if (done != null) return done instanceof CompiledFunction c ? c : null;
        CompiledFunction c;
        try {
            c = load(f);
        } catch (Refused e) {
            c = null;
        } catch (RuntimeException | LinkageError | IllegalAccessException e) {
            c = null; // a class the JVM would not take is a compiler bug: the interpreter stays correct
        }
        f.compiled = c == null ? REFUSED : c;
        return c;
    }

    /** Compiles {@code f} into a new class, bypassing the map and {@code f}'s own compiled form (benchmarks of the compiler). */
    public static CompiledFunction compileFresh(FunctionProto f) {
        try {
            return define(ClassEmitter.emit(f));
        } catch (Refused e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code f}'s generic variant alone, for calls whose arguments are not all ints; its class is not shared through the map. */
    public static CompiledFunction compileGenericFresh(FunctionProto f) {
        try {
            return define(ClassEmitter.emitGeneric(f));
        } catch (Refused e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generic variant of {@code f}, or the interpreter from {@code f}'s start when the compiler does not write one. */
    static CompiledFunction generic(FunctionProto f) {
        try {
            return define(ClassEmitter.emitGeneric(f));
        } catch (Refused | RuntimeException | LinkageError | IllegalAccessException e) {
            return new FromStart(); // as in compile: the interpreter stays correct
        }
    }

    /**
     * The loop-entry class of {@code f}, its parameters typed as {@code frame} holds them; when the compiler does not
     * write one, a class that enters no loop (the interpreter keeps the frame).
     */
    static CompiledFunction loops(FunctionProto f, Object[] frame) {
        boolean[] intParams = new boolean[f.arity];
        for (int i = 0; i < f.arity && i < frame.length; i++) intParams[i] = frame[i] instanceof Long;
        try {
            return define(ClassEmitter.emitLoops(f, intParams));
        } catch (Refused | RuntimeException | LinkageError | IllegalAccessException e) {
            return new FromStart();
        }
    }

    /** Why the compiler refuses {@code f}, or null when it compiles it (for tests and diagnostics). */
    public static String refusal(FunctionProto f) {
        try {
            ClassEmitter.emit(f);
            return null;
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    /** Classes in the shared map now. */
    public static int cachedClasses() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }

    private static CompiledFunction load(FunctionProto f) throws Refused, IllegalAccessException {
        Key key = key(f);
        if (key != null) {
            synchronized (CACHE) {
                CompiledFunction c = CACHE.get(key);
                if (c != null) return c;
            }
        }
        CompiledFunction c = define(ClassEmitter.emit(f));
        if (key != null) {
            synchronized (CACHE) {
                CACHE.putIfAbsent(key, c);
            }
        }
        return c;
    }

    /** Defines {@code bytes} as a new hidden class and makes its one instance. */
    private static CompiledFunction define(byte[] bytes) throws IllegalAccessException {
        MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
        try {
            return (CompiledFunction) hidden.findConstructor(hidden.lookupClass(), NO_ARGS).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Key key(FunctionProto f) {
        if (f.hash == null) return null;
        StringBuilder self = new StringBuilder();
        if (f.refs != null) for (int i = 0; i < f.refs.length; i++) if (f.refs[i] == f) self.append(i).append(',');
        return new Key(Arrays.toString(f.hash), self.toString());
    }
}
