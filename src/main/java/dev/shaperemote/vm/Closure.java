package dev.shaperemote.vm;

import dev.shaperemote.bytecode.FunctionProto;

/** A function value with the cells it captured; a plain function reference has no cells. */
public final class Closure {
    public final FunctionProto proto;
    public final Cell[] cells;

    public Closure(FunctionProto proto, Cell[] cells) {
        this.proto = proto;
        this.cells = cells;
    }

    @Override public String toString() { return "<fn " + proto.name + ">"; }
}
