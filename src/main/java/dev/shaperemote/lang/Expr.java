package dev.shaperemote.lang;

import java.util.List;

/** Expression nodes of the Shape AST. Every node knows the line and column it starts at. */
public sealed interface Expr {
    int line();

    int col();

    /** A literal: Long, Double, String, Boolean, or {@code null} for {@code None}. */
    record Literal(Object value, int line, int col) implements Expr {}

    /** {@code f"a {x} b"}: parts are String pieces and Expr holes, in order. */
    record FString(List<Object> parts, int line, int col) implements Expr {}

    record Var(String name, int line, int col) implements Expr {}

    /** {@code target = value} or compound {@code target op= value} (op is "+", "-", ... or null). */
    record Assign(Expr target, String op, Expr value, int line, int col) implements Expr {}

    /** Arithmetic, comparison, bitwise and {@code ??}; op is the operator's text. */
    record Binary(String op, Expr left, Expr right, int line, int col) implements Expr {}

    /** Short-circuit {@code &&}/{@code and} (op "&&") and {@code ||}/{@code or} (op "||"). */
    record Logical(String op, Expr left, Expr right, int line, int col) implements Expr {}

    /** {@code -x}, {@code !x}/{@code not x} (op "!"), {@code ~x}. */
    record Unary(String op, Expr operand, int line, int col) implements Expr {}

    /** {@code callee(args)}; an argument may be a {@link Spread}. Named arguments are {@link NamedArg}. */
    record Call(Expr callee, List<Expr> args, int line, int col) implements Expr {}

    /** {@code name: value} inside a call's argument list. */
    record NamedArg(String name, Expr value, int line, int col) implements Expr {}

    /** {@code receiver.name(args)}; {@code optional} for {@code receiver?.name(args)}. */
    record MethodCall(Expr receiver, String name, List<Expr> args, boolean optional, int line, int col) implements Expr {}

    /** {@code object.name}; {@code optional} for {@code object?.name}. */
    record Field(Expr object, String name, boolean optional, int line, int col) implements Expr {}

    /** {@code object[index]}; a Range index slices. */
    record Index(Expr object, Expr index, int line, int col) implements Expr {}

    /** {@code ...expr} inside an array literal, object literal or call. */
    record Spread(Expr value, int line, int col) implements Expr {}

    record ArrayLit(List<Expr> elements, int line, int col) implements Expr {}

    /** {@code { key: value, ...other }}; entries are {@link ObjectEntry} or {@link Spread}. */
    record ObjectLit(List<Expr> entries, int line, int col) implements Expr {}

    record ObjectEntry(String key, Expr value, int line, int col) implements Expr {}

    /** {@code TypeName { key: value, ... }}: an object of a declared type; entries as in {@link ObjectLit}. */
    record StructLit(String typeName, List<Expr> entries, int line, int col) implements Expr {}

    /** {@code |a, b| body} or {@code fn(a, b) { body }}. */
    record Lambda(List<Param> params, Expr body, int line, int col) implements Expr {}

    /** {@code { stmts; tail }}: the value is {@code tail}, or unit when there is none. */
    record Block(List<Stmt> statements, Expr tail, int line, int col) implements Expr {}

    /** {@code if cond { .. } else ..}; {@code otherwise} is a Block, another If, or null. */
    record If(Expr condition, Block then, Expr otherwise, int line, int col) implements Expr {}

    record Match(Expr scrutinee, List<MatchArm> arms, int line, int col) implements Expr {}

    record While(Expr condition, Block body, int line, int col) implements Expr {}

    /** {@code for pattern in iterable { body }}. */
    record For(Pattern pattern, Expr iterable, Block body, int line, int col) implements Expr {}

    /** {@code loop { body }}; its value is what {@code break value} gives. */
    record Loop(Block body, int line, int col) implements Expr {}

    /** {@code start..end}, {@code start..=end}; either end may be null. */
    record Range(Expr start, Expr end, boolean inclusive, int line, int col) implements Expr {}

    /** Postfix {@code expr?}: unwraps Ok/Some, returns Err/None from the function. */
    record Try(Expr value, int line, int col) implements Expr {}

    /** {@code Enum::Variant} (a value, or a constructor when called). */
    record Path(String enumName, String variant, int line, int col) implements Expr {}

    /** {@code value is TypeName}. */
    record Is(Expr value, String typeName, int line, int col) implements Expr {}

    /** {@code value as TypeName}. */
    record Cast(Expr value, String typeName, int line, int col) implements Expr {}

    /** {@code return value?} used as an expression (e.g. in a match arm). */
    record Return(Expr value, int line, int col) implements Expr {}

    record Break(Expr value, int line, int col) implements Expr {}

    record Continue(int line, int col) implements Expr {}

    /** {@code &place} or {@code &mut place}: a reference to a variable, element or field, only as a call's argument. */
    record Ref(Expr place, boolean mutable, int line, int col) implements Expr {}

    /**
     * A parameter of a function or lambda: a name (or destructuring pattern) and an optional default;
     * {@code reference} for {@code &name} / {@code &mut name}, which aliases the caller's place.
     */
    record Param(String name, Pattern pattern, Expr defaultValue, boolean reference) {
        Param(String name, Pattern pattern, Expr defaultValue) { this(name, pattern, defaultValue, false); }
    }

    /** {@code pattern [if|where guard] => body}. */
    record MatchArm(Pattern pattern, Expr guard, Expr body) {}
}
