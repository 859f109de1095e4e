package dev.shaperemote.vm;

import java.util.Arrays;

/** A dense f64 matrix, row-major, packed. */
public record MatrixValue(int rows, int cols, double[] data) {
    public MatrixValue {
        if ((long) rows * cols != data.length) throw new IllegalArgumentException("matrix data does not match rows x cols");
    }

    public double at(int r, int c) { return data[r * cols + c]; }

    @Override public boolean equals(Object o) {
        return o instanceof MatrixValue m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override public int hashCode() { return Arrays.hashCode(data); }

    @Override public String toString() { return "Matrix(" + rows + "x" + cols + ")"; }
}
