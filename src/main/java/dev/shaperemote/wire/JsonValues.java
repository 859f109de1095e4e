package dev.shaperemote.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.ShapeError;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * VM values as JSON, in the tagged form of WIRE.md section 7 (binary data as base64, hashes as
 * lowercase hex). The form is not written here: a value is encoded by {@link ValueCodec} and converted
 * by {@link PackJson}, and JSON is read back the other way, through the codec's JSON-born mode.
 *
 * <p>Reading accepts the tagged form and plain JSON alike, mixed at any depth: a single-key object
 * whose key is a tag, or a bare string that names a value without data, is a tagged value; any
 * other JSON maps to the obvious value (integer to int, other numbers to number, array, object,
 * string, bool, null to none). Every failure to read is a {@link ShapeError} of kind
 * ArgumentError; a value nested deeper than {@link #MAX_DEPTH} is refused, never a stack overflow.
 */
public final class JsonValues {
    public static final int MAX_DEPTH = 200;

    /** Finds the function a {@code FunctionRef} or {@code Closure} names; null when it is unknown. */
    @FunctionalInterface
    public interface FunctionResolver {
        FunctionProto resolve(String name, Integer functionId, byte[] hash);
    }

    /** For JSON read without a program: every function value is unresolvable. */
    public static final FunctionResolver NO_FUNCTIONS = (name, id, hash) -> null;

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {}

    public static JsonFactory factory() { return FACTORY; }

    // ---------------------------------------------------------------- writing

    public static String toJson(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes one value in the tagged form. A value nested deeper than {@link #MAX_DEPTH} is a
     * ResourceLimit error; one with no wire form (an iterator, say) a RuntimeError.
     */
    public static void write(JsonGenerator g, Object value) throws IOException {
        byte[] packed;
        try {
            packed = ValueCodec.encode(value, MAX_DEPTH);
        } catch (WireException e) {
            throw e.reason() == WireException.Reason.TOO_DEEP_TO_ENCODE ? ShapeError.limit(e.getMessage()) : ShapeError.runtime(e.getMessage());
        }
        PackJson.toJson(packed, g);
    }

    // ---------------------------------------------------------------- reading

    public static Object parse(String json) { return parse(json, NO_FUNCTIONS); }

    /** Reads exactly one value from {@code json}; anything after it is an error. */
    public static Object parse(String json, FunctionResolver functions) {
        try (JsonParser p = FACTORY.createParser(json)) {
            Object v = read(p, functions);
            if (p.nextToken() != null) throw malformed(p, "unexpected content after the value");
            return v;
        } catch (IOException e) {
            throw malformedJson(e);
        }
    }

    /**
     * Reads one value starting at the parser's current token (or its next one when it has none yet),
     * leaving the parser on the value's last token.
     */
    public static Object read(JsonParser p, FunctionResolver functions) throws IOException {
        try {
            return ValueCodec.decodeJsonBorn(PackJson.fromJson(p, MAX_DEPTH), MAX_DEPTH, v -> programValue(v, functions));
        } catch (WireException | IllegalArgumentException e) {
            // IllegalArgumentException: a value class refused what the reader let through; still the input's fault.
            throw bad(e.getMessage());
        }
    }

    /** A function value resolved through the program; a decimal or sidecar placeholder refused (this VM has neither). */
    private static Object programValue(Object v, FunctionResolver functions) {
        if (v instanceof WireFunctionRef f) {
            FunctionProto proto = functions.resolve(f.name(), null, f.hash() == null ? null : f.hash().bytes());
            if (proto == null) throw bad("unknown function '" + f.name() + "'");
            return new Closure(proto, new Cell[0]);
        }
        if (v instanceof WireClosure c) {
            if (c.functionId() == null && c.functionHash() == null) throw bad("a closure needs a function_id or a function_hash");
            FunctionProto proto = functions.resolve(null, c.functionId(), c.functionHash() == null ? null : c.functionHash().bytes());
            if (proto == null) throw bad("unknown closure function");
            Cell[] cells = new Cell[c.upvalues().size()];
            for (int i = 0; i < cells.length; i++) cells[i] = new Cell(c.upvalues().get(i));
            return new Closure(proto, cells);
        }
        if (v instanceof WireDecimal) throw bad("decimal values are not supported by this VM");
        if (v instanceof SidecarRef) throw bad("a sidecar placeholder is only valid in a MessagePack call that carries sidecars");
        return v;
    }

    private static ShapeError bad(String message) {
        return new ShapeError(ShapeError.Kind.ArgumentError, message);
    }

    private static ShapeError malformedJson(IOException e) {
        if (e instanceof JsonProcessingException j) {
            var loc = j.getLocation();
            // The parser's own wording is library text; the place is what a caller can act on.
            return bad("malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
        }
        return bad("cannot read JSON");
    }

    private static ShapeError malformed(JsonParser p, String message) {
        var loc = p.currentLocation();
        return bad(message + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")");
    }
}
