package dev.shaperemote.fuzz;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact byte format for a few function blobs, so that the VM target's mutations land on code,
 * constants and tables rather than on MessagePack structure. Reading never fails: a short input
 * reads as zeros. {@link #write} turns compiled blobs into seeds.
 *
 * <pre>
 * input    := nfuncs:u8 (1 + n % 8 functions) function* arg*
 * function := name:str arity:u8 (% 4) extraLocals:u8 (% 16) flags:u8 (bit 0 closure, bits 1-2 captures)
 *             nconst:u8 const* nstr:u8 str* ndeps:u8 dep:u8* (index of an earlier function)
 *             ncode:u16 word:i32*
 * const    := tag:u8 (% 4: 0 Int i64, 1 Number f64, 2 String str, 3 Bool u8)
 * str      := len:u8 utf8
 * arg      := i64 (one per parameter of the entry, the last function)
 * </pre>
 */
final class BlobInput {
    record Decoded(Map<FunctionHash, FunctionBlob> blobs, FunctionBlob entry, Object[] args) {}

    private final byte[] data;
    private int at;

    private BlobInput(byte[] data) { this.data = data; }

    static Decoded read(byte[] data) {
        BlobInput in = new BlobInput(data);
        int n = 1 + in.u8() % 8;
        List<FunctionBlob> fns = new ArrayList<>();
        for (int i = 0; i < n; i++) fns.add(in.function(fns));
        Map<FunctionHash, FunctionBlob> blobs = new LinkedHashMap<>();
        for (FunctionBlob b : fns) blobs.put(b.contentHash(), b);
        FunctionBlob entry = fns.get(fns.size() - 1);
        Object[] args = new Object[entry.arity()];
        for (int i = 0; i < args.length; i++) args[i] = in.i64();
        return new Decoded(blobs, entry, args);
    }

    private FunctionBlob function(List<FunctionBlob> earlier) {
        String name = str();
        int arity = u8() % 4;
        int locals = arity + u8() % 16;
        int flags = u8();
        List<Object> constants = new ArrayList<>();
        for (int i = u8(); i > 0; i--) {
            switch (u8() % 4) {
                case 0 -> constants.add(i64());
                case 1 -> constants.add(Double.longBitsToDouble(i64()));
                case 2 -> constants.add(str());
                default -> constants.add(u8() % 2 == 1);
            }
        }
        List<String> strings = new ArrayList<>();
        for (int i = u8(); i > 0; i--) strings.add(str());
        List<FunctionHash> deps = new ArrayList<>();
        for (int i = u8(); i > 0; i--) {
            int d = u8();
            if (!earlier.isEmpty()) deps.add(earlier.get(d % earlier.size()).contentHash());
        }
        int words = u16();
        byte[] code = new byte[words * 4];
        for (int i = 0; i < code.length; i++) code[i] = (byte) u8();
        List<String> params = new ArrayList<>();
        for (int i = 0; i < arity; i++) params.add("p" + i);
        return FunctionBlob.create(name, arity, params, locals, (flags & 1) != 0, (flags >> 1) & 3, code, constants,
                strings, deps, List.of());
    }

    private int u8() { return at < data.length ? data[at++] & 0xFF : 0; }

    private int u16() { return (u8() << 8) | u8(); }

    private long i64() {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | u8();
        return v;
    }

    private String str() {
        int len = u8();
        int from = Math.min(at, data.length), to = Math.min(at + len, data.length);
        at += len;
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * The format for {@code fns} (dependencies before their users, the entry last), or null when
     * they do not fit it (too many functions, tables or code, or unrepresentable values).
     */
    static byte[] write(List<FunctionBlob> fns, long[] args) {
        if (fns.isEmpty() || fns.size() > 8) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(fns.size() - 1);
        List<FunctionHash> order = new ArrayList<>();
        for (FunctionBlob b : fns) {
            if (b.arity() > 3 || b.localsCount() - b.arity() > 15 || b.capturesCount() > 3) return null;
            if (b.constants().size() > 255 || b.strings().size() > 255 || b.dependencies().size() > 255) return null;
            if (b.instructions().length / 4 > 0xFFFF) return null;
            if (!str(out, b.name())) return null;
            out.write(b.arity());
            out.write(b.localsCount() - b.arity());
            out.write((b.isClosure() ? 1 : 0) | b.capturesCount() << 1);
            out.write(b.constants().size());
            for (Object c : b.constants()) {
                if (c instanceof Long l) { out.write(0); i64(out, l); }
                else if (c instanceof Double d) { out.write(1); i64(out, Double.doubleToRawLongBits(d)); }
                else if (c instanceof String s) { out.write(2); if (!str(out, s)) return null; }
                else if (c instanceof Boolean z) { out.write(3); out.write(z ? 1 : 0); }
                else return null;
            }
            out.write(b.strings().size());
            for (String s : b.strings()) if (!str(out, s)) return null;
            out.write(b.dependencies().size());
            for (FunctionHash d : b.dependencies()) {
                int i = order.indexOf(d);
                if (i < 0) return null;
                out.write(i);
            }
            int words = b.instructions().length / 4;
            out.write(words >> 8);
            out.write(words);
            out.write(b.instructions(), 0, words * 4);
            order.add(b.contentHash());
        }
        for (long a : args) i64(out, a);
        return out.toByteArray();
    }

    private static boolean str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) return false;
        out.write(b.length);
        out.write(b, 0, b.length);
        return true;
    }

    private static void i64(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) out.write((int) (v >>> (8 * i)));
    }
}
