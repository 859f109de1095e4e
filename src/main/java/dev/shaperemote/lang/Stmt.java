package dev.shaperemote.lang;

import java.util.List;

/** Statement nodes of the Shape AST. */
public sealed interface Stmt {
    int line();

    /** {@code let|let mut|var|const pattern [: Type] = value}; value may be null ({@code let x}). */
    record Let(Pattern pattern, boolean mutable, Expr value, int line) implements Stmt {}

    /** {@code fn|function name(params) [-> Type] { body }}. */
    record Function(String name, List<Expr.Param> params, String returnType, Expr.Block body, int line, int col) implements Stmt {}

    /** {@code enum Name { A, B(type, type), C { field: type } }}. */
    record Enum(String name, List<Variant> variants, int line) implements Stmt {}

    /** A statement that is an expression (its value is dropped unless it is a block's tail). */
    record ExprStmt(Expr expr, int line) implements Stmt {}

    /** A declaration the VM has nothing to run for ({@code type}, {@code interface}, ...). */
    record Ignored(String what, int line) implements Stmt {}

    /** An enum variant: {@code payloadCount} positional fields, or named fields. */
    record Variant(String name, int payloadCount, List<String> fieldNames) {}
}
