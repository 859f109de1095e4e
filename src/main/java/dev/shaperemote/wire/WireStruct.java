package dev.shaperemote.wire;

/**
 * A struct of WIRE.md section 3 as data: its name and its keys, each with how its value is read.
 * Reading takes the keys in any order, skips the keys it does not know, reads nil for an optional key
 * as absent, and names the struct and the key of a required key that is missing. The decoders of
 * messages and blobs say what a struct holds; this is the one loop that reads one.
 */
final class WireStruct {
    /** Reads the value of one key; {@code what} names it for errors ({@code "Struct.key"}). */
    @FunctionalInterface
    interface Reader<T> {
        T read(WireReader r, String what);
    }

    /** One key: required (a nil is read as its value, and refused by its reader) or optional (nil or absent is null). */
    record Key<T>(String name, boolean optional, Reader<T> reader) {
        static <T> Key<T> required(String name, Reader<T> reader) { return new Key<>(name, false, reader); }

        static <T> Key<T> optional(String name, Reader<T> reader) { return new Key<>(name, true, reader); }
    }

    private final String name;
    private final Key<?>[] keys;

    WireStruct(String name, Key<?>... keys) {
        this.name = name;
        this.keys = keys;
    }

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
                values[at] = key.optional() && r.tryNil(what) ? null : key.reader().read(r, what);
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
