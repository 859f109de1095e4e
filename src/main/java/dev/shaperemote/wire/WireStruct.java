package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A struct of WIRE.md section 3 as data: its name and its keys in wire order, each with its presence
 * and its type (how its value is read and written). One declaration serves both directions:
 * writing puts the keys in order and leaves out an optional key whose value is null; reading takes
 * the keys in any order, skips the keys it does not know, reads nil for an optional key as absent,
 * and names the struct and the key of a required key that is missing.
 */
final class WireStruct {
    /** Reads one value; {@code what} names it for errors ({@code "Struct.key"}). */
    @FunctionalInterface
    interface Reader<T> {
        T read(WireReader r, String what);
    }

    /** Writes one value, nested values at most {@code maxDepth} levels deep. */
    @FunctionalInterface
    interface Writer<T> {
        void write(MessagePacker p, T value, int maxDepth) throws IOException;
    }

    /** How a value of a key is read and written. */
    record Type<T>(Reader<T> reader, Writer<T> writer) {}

    static final Type<Long> U64 = new Type<>(WireReader::u64, (p, v, d) -> p.packLong(v));
    static final Type<Long> U32 = new Type<>(WireReader::u32, (p, v, d) -> p.packLong(v));
    /** A u32 Java keeps in an int (WIRE.md section 3). */
    static final Type<Integer> U31 = new Type<>(WireReader::u31, (p, v, d) -> p.packInt(v));
    static final Type<Integer> U16 = new Type<>(WireReader::u16, (p, v, d) -> p.packInt(v));
    static final Type<Boolean> BOOL = new Type<>(WireReader::bool, (p, v, d) -> p.packBoolean(v));
    static final Type<String> STRING = new Type<>(WireReader::string, (p, v, d) -> p.packString(v));
    static final Type<byte[]> BIN = new Type<>(WireReader::bin, (p, v, d) -> ValueCodec.bin(p, v));
    static final Type<FunctionHash> HASH = new Type<>(WireReader::hash, (p, v, d) -> ValueCodec.hash(p, v));
    static final Type<List<String>> STRINGS = listOf(STRING);
    static final Type<List<FunctionHash>> HASHES = listOf(HASH);

    /** An array of {@code item}s, read as an unmodifiable list. */
    static <T> Type<List<T>> listOf(Type<T> item) {
        return new Type<>((r, what) -> {
            int n = r.arrayHeader(what);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(item.reader().read(r, what));
            return List.copyOf(out);
        }, (p, items, d) -> {
            p.packArrayHeader(items.size());
            for (T v : items) item.writer().write(p, v, d);
        });
    }

    /** Whether a key must be there, may be left out (written only when not null), or is always written, nil included. */
    enum Presence { REQUIRED, OPTIONAL, NULLABLE }

    record Key<T>(String name, Presence presence, Type<T> type) {
        static <T> Key<T> required(String name, Type<T> type) { return new Key<>(name, Presence.REQUIRED, type); }

        static <T> Key<T> optional(String name, Type<T> type) { return new Key<>(name, Presence.OPTIONAL, type); }

        static <T> Key<T> nullable(String name, Type<T> type) { return new Key<>(name, Presence.NULLABLE, type); }
    }

    private final String name;
    private final Key<?>[] keys;

    WireStruct(String name, Key<?>... keys) {
        this.name = name;
        this.keys = keys;
    }

    // ---------------------------------------------------------------- writing

    /** Writes the struct whose values, in key order, are {@code values}. */
    void write(MessagePacker p, int maxDepth, Object... values) throws IOException {
        if (values.length != keys.length) throw new IllegalArgumentException(name + " has " + keys.length + " keys, got " + values.length + " values");
        int present = 0;
        for (int i = 0; i < keys.length; i++) if (values[i] != null || keys[i].presence() == Presence.NULLABLE) present++;
        p.packMapHeader(present);
        for (int i = 0; i < keys.length; i++) {
            Key<?> key = keys[i];
            if (values[i] == null) {
                if (key.presence() == Presence.REQUIRED) throw WireException.missingKey(name, key.name());
                if (key.presence() == Presence.OPTIONAL) continue; // a nil optional is left out (WIRE.md section 3)
                p.packString(key.name());
                p.packNil();
            } else {
                p.packString(key.name());
                writeValue(p, key, values[i], maxDepth);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void writeValue(MessagePacker p, Key<T> key, Object value, int maxDepth) throws IOException {
        key.type().writer().write(p, (T) value, maxDepth);
    }

    // ---------------------------------------------------------------- reading

    /** Reads the struct's map at the reader. */
    Fields read(WireReader r) {
        Object[] values = new Object[keys.length];
        int n = r.mapHeader(name);
        for (int i = 0; i < n; i++) {
            String k = r.string(name + " key");
            String what = name + "." + k;
            int at = indexOf(k);
            if (at < 0) {
                r.skip(what);
            } else {
                Key<?> key = keys[at];
                values[at] = key.presence() != Presence.REQUIRED && r.tryNil(what) ? null : key.type().reader().read(r, what);
            }
        }
        return new Fields(values);
    }

    private int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) if (keys[i].name().equals(key)) return i;
        return -1;
    }

    private int indexOf(Key<?> key) {
        for (int i = 0; i < keys.length; i++) if (keys[i] == key) return i;
        throw new IllegalArgumentException(name + " has no key " + key.name()); // a decoder asked for a key it did not declare
    }

    /** What one struct held, by key. */
    final class Fields {
        private final Object[] values;

        private Fields(Object[] values) { this.values = values; }

        /** The key's value; null when it was absent or nil. */
        @SuppressWarnings("unchecked")
        <T> T get(Key<T> key) { return (T) values[indexOf(key)]; }

        /** The key's value; a ProtocolError naming the struct and the key when it was absent. */
        <T> T required(Key<T> key) { return WireReader.required(name, key.name(), get(key)); }
    }
}
