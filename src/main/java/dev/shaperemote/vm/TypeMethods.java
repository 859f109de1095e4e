package dev.shaperemote.vm;

import dev.shaperemote.bytecode.FunctionProto;

import java.util.HashMap;

/**
 * The methods {@code impl} and {@code extend} blocks gave to types in one run, keyed by the type's
 * name and then the method's: a struct value's declared type ({@link ObjectValue#typeName}), an enum
 * value's enum, and for every other value the name {@link Values#typeName} gives ({@code int},
 * {@code number}, {@code string}, {@code array}, ...). {@code DEFINE_METHOD} fills it; a method call
 * looks here before the receiver's builtin methods, and an operator with no meaning for its operands
 * looks for the operator's method ({@code add}, {@code sub}, ...) here.
 */
final class TypeMethods {
    /** A method: its function, whose first parameter is the receiver ({@code self}). */
    record Method(FunctionProto proto, Closure closure) {}

    private final HashMap<String, HashMap<String, Method>> byType = new HashMap<>();

    /** Makes {@code fn} method {@code name} of {@code type}; a later definition replaces an earlier one. */
    void define(String type, String name, Closure fn) {
        byType.computeIfAbsent(type, k -> new HashMap<>()).put(name, new Method(fn.proto, fn));
    }

    /** The method {@code name} of the receiver's type, or null. */
    Method find(Object receiver, String name) {
        String type = typeOf(receiver);
        if (type == null) return null;
        HashMap<String, Method> methods = byType.get(type);
        return methods == null ? null : methods.get(name);
    }

    /** The name a receiver's methods are filed under; null for a plain object, which has no type of its own. */
    static String typeOf(Object v) {
        if (v instanceof ObjectValue o) return o.typeName;
        if (v instanceof EnumValue e) return e.enumName();
        return Values.typeName(v);
    }
}
