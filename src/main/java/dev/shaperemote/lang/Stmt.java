package dev.shaperemote.lang;

import java.util.List;

/** Statement nodes of the Shape AST. */
public sealed interface Stmt {
    int line();

    /** {@code let|let mut|var|const pattern [: Type] = value}; value may be null ({@code let x}); {@code constant} for const. */
    record Let(Pattern pattern, boolean mutable, Expr value, boolean constant, int line) implements Stmt {}

    /** {@code fn|function name(params) [-> Type] { body }}. */
    record Function(String name, List<Expr.Param> params, String returnType, Expr.Block body, int line, int col) implements Stmt {}

    /** {@code enum Name { A, B(type, type), C { field: type } }}. */
    record Enum(String name, List<Variant> variants, int line) implements Stmt {}

    /** A statement that is an expression (its value is dropped unless it is a block's tail). */
    record ExprStmt(Expr expr, int line) implements Stmt {}

    /**
     * {@code type Name { field: Type, ... }}: a struct type; its values are built with {@code Name { field: value }}.
     * {@code fields} is null when the declaration's body is not a plain field list (a native layout, annotations).
     */
    record TypeDecl(String name, List<Field> fields, int line) implements Stmt {}

    /** {@code type Name = Type}: another name for a type ({@code target} is the type's text). */
    record TypeAlias(String name, String target, int line) implements Stmt {}

    /**
     * A field of a struct type: its declared type's text ({@code number}, {@code Array<int>}, ...) and default, or
     * null; {@code comptime} for a {@code comptime} field, whose default is also the type's own {@code Type.field}.
     */
    record Field(String name, String type, Expr defaultValue, boolean comptime) {}

    /**
     * {@code trait Name { required(self): Type; method provided() { ... } }}: the required methods' names, and the
     * provided (default) methods, which every type that implements the trait gets unless its impl defines them.
     */
    record Trait(String name, List<String> required, List<Method> provided, int line) implements Stmt {}

    /**
     * {@code impl Trait for Type { ... }} ({@code trait} set), {@code impl Type { ... }} and {@code extend Type
     * { ... }} (both without a trait): methods of {@code type}. {@code implName} is the {@code as Name} of a named
     * impl, which is not the type's default implementation (null for the default one).
     */
    record Impl(String trait, String type, String implName, List<Method> methods, int line) implements Stmt {}

    /** {@code method name(params) { body }} (or {@code fn}) inside a trait, impl or extend block; {@code self} is implicit. */
    record Method(String name, List<Expr.Param> params, String returnType, Expr.Block body, int line, int col) {}

    /** {@code mod name { statements }}: functions and bindings reached from outside as {@code name::member}. */
    record Module(String name, List<Stmt> body, int line) implements Stmt {}

    /**
     * {@code annotation name(params) { targets: [..]; before(args, ctx) {..}; after(args, result, ctx) {..};
     * comptime post(target, ctx) { directives } }}. {@code targets} is null when the declaration names none;
     * a hook it lacks is null; {@code post} holds the directives of its comptime post hook.
     */
    record Annotation(String name, List<Expr.Param> params, List<String> targets, Method before, Method after,
                      List<Directive> post, int line) implements Stmt {}

    /** A compile-time directive of an annotation's post hook. */
    sealed interface Directive {}

    /** {@code extend target { methods }}: the annotated type gets these methods. */
    record ExtendTarget(List<Method> methods) implements Directive {}

    /** {@code replace body { block }}: the annotated function's body becomes this block. */
    record ReplaceBody(Expr.Block body) implements Directive {}

    /** {@code remove target}: the annotated declaration is dropped. */
    record RemoveTarget() implements Directive {}

    /** {@code set param name = value}: the annotated function's parameter {@code name} defaults to {@code value}. */
    record SetParam(String name, Expr value) implements Directive {}

    /** {@code @name(args)} written before a declaration. */
    record AnnotationUse(String name, List<Expr> args, int line, int col) {}

    /** A declaration with the annotations written before it, outermost first. */
    record Annotated(List<AnnotationUse> annotations, Stmt target, int line) implements Stmt {}

    /** A declaration the VM has nothing to run for ({@code type}, {@code interface}, ...). */
    record Ignored(String what, int line) implements Stmt {}

    /** An enum variant: {@code payloadCount} positional fields, or named fields. */
    record Variant(String name, int payloadCount, List<String> fieldNames) {}
}
