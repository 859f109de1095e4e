package dev.shaperemote.vm;

import java.util.Arrays;

/** A value of a user enum: {@code Shape::Circle(2.0)}. */
public record EnumValue(String enumName, String variant, Object[] payload) {
    @Override public boolean equals(Object o) {
        return o instanceof EnumValue e && enumName.equals(e.enumName) && variant.equals(e.variant)
                && Values.equal(new ArrayValue(new java.util.ArrayList<>(Arrays.asList(payload))),
                                new ArrayValue(new java.util.ArrayList<>(Arrays.asList(e.payload))));
    }

    @Override public int hashCode() { return enumName.hashCode() * 31 + variant.hashCode(); }

    @Override public String toString() { return Values.display(this); }
}
