package dev.shaperemote.vm;

/** A captured variable shared between a frame and the closures that captured it. */
public final class Cell {
    public Object value;

    public Cell(Object value) { this.value = value; }
}
