package dev.shaperemote.lang;

import java.util.List;

/** Patterns of {@code match}, {@code let} destructuring and {@code for}. */
public sealed interface Pattern {
    /** {@code _}. */
    record Wildcard() implements Pattern {}

    /** A name that binds the matched value; {@code typeName} is set for {@code n: int}. */
    record Binding(String name, String typeName) implements Pattern {}

    /** A literal value: Long, Double, String, Boolean, or null for {@code None}. */
    record Literal(Object value) implements Pattern {}

    /** {@code lo..hi} / {@code lo..=hi} over numbers. */
    record Range(Object low, Object high, boolean inclusive) implements Pattern {}

    /** {@code [a, b, ...rest]}; rest is null when there is no rest element. */
    record ArrayPat(List<Pattern> elements, String rest) implements Pattern {}

    /** {@code { a, b: p, ...rest }}: each field binds its own name unless a subpattern is given. */
    record ObjectPat(List<FieldPat> fields, String rest) implements Pattern {}

    record FieldPat(String key, Pattern pattern) {}

    /**
     * A constructor pattern: {@code Some(p)}, {@code Ok(p)}, {@code Err(p)}, {@code None},
     * {@code Color::Red}, {@code Shape::Circle(r)}; enumName is null for the built-in ones and for
     * a bare variant name.
     */
    record Constructor(String enumName, String variant, List<Pattern> args) implements Pattern {}

    /** {@code p1 | p2}. */
    record Or(List<Pattern> alternatives) implements Pattern {}
}
