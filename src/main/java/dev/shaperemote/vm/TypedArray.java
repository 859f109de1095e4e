package dev.shaperemote.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A packed typed array: elements live little-endian in one byte array (the wire layout), so a
 * sidecar or wire blob becomes a value without a per-element object.
 */
public final class TypedArray {
    private static final VarHandle F64 = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    public final ElementKind kind;
    public final int length;
    /** Little-endian packed elements; exactly {@code length * kind.width} bytes. */
    public final byte[] data;

    public TypedArray(ElementKind kind, int length, byte[] data) {
        if ((long) length * kind.width != data.length) {
            throw new IllegalArgumentException("typed array data is " + data.length + " bytes, expected " + (long) length * kind.width);
        }
        this.kind = kind;
        this.length = length;
        this.data = data;
    }

    public static TypedArray zeros(ElementKind kind, int length) {
        return new TypedArray(kind, length, new byte[Math.multiplyExact(length, kind.width)]);
    }

    public static TypedArray ofDoubles(double[] values) {
        TypedArray t = zeros(ElementKind.F64, values.length);
        for (int i = 0; i < values.length; i++) F64.set(t.data, i * 8, values[i]);
        return t;
    }

    /** Element {@code i} as a Shape value: Double for float kinds, Boolean for Bool, Long otherwise. */
    public Object get(int i) {
        int o = i * kind.width;
        return switch (kind) {
            case F64 -> (double) F64.get(data, o);
            case F32 -> (double) (float) F32.get(data, o);
            case I64, U64 -> (long) I64.get(data, o);
            case I32 -> (long) (int) I32.get(data, o);
            case U32 -> ((int) I32.get(data, o)) & 0xFFFFFFFFL;
            case I16 -> (long) (short) I16.get(data, o);
            case U16 -> (long) (((short) I16.get(data, o)) & 0xFFFF);
            case I8 -> (long) data[o];
            case U8 -> (long) (data[o] & 0xFF);
            case Bool -> data[o] != 0;
        };
    }

    public double getDouble(int i) { return kind == ElementKind.F64 ? (double) F64.get(data, i * 8) : Values.toDouble(get(i)); }

    /** Stores a Shape value at {@code i}, converting to the element kind. */
    public void set(int i, Object v) {
        int o = i * kind.width;
        switch (kind) {
            case F64 -> F64.set(data, o, Values.toDouble(v));
            case F32 -> F32.set(data, o, (float) Values.toDouble(v));
            case I64, U64 -> I64.set(data, o, Values.toLong(v));
            case I32, U32 -> I32.set(data, o, (int) Values.toLong(v));
            case I16, U16 -> I16.set(data, o, (short) Values.toLong(v));
            case I8, U8 -> data[o] = (byte) Values.toLong(v);
            case Bool -> data[o] = (byte) (Values.truthy(v) ? 1 : 0);
        }
    }

    @Override public boolean equals(Object o) {
        return o instanceof TypedArray t && kind == t.kind && length == t.length && Arrays.equals(data, t.data);
    }

    @Override public int hashCode() { return Arrays.hashCode(data) * 31 + kind.hashCode(); }

    @Override public String toString() { return Values.display(this); }
}
