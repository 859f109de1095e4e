package dev.shaperemote.bytecode;

import java.util.Set;

/**
 * The names a {@code LOAD_NATIVE} may push: part of the instruction set's contract, like the opcodes. The
 * compiler rejects any other free name at compile time, and the VM must implement exactly these (a VM test
 * holds the two lists equal), so a name unknown here is a compile error, never a surprise at run time.
 */
public final class Builtins {
    private Builtins() {}

    public static final Set<String> NAMES = Set.of(
            "print",
            // intrinsics of the rarer operators: a !! context, a ~= b, x? in a Result function; a struct's number field
            "__with_context", "__approx_eq", "__none_to_err", "__number_field", "__drop", "__as_struct",
            // the content system: c"..." strings compile to __content and __content_styled; Content builds nodes
            "__content", "__content_styled", "Content",
            // constructors and collections
            "Some", "Ok", "Err", "HashMap", "range", "len",
            // conversions, and the impls of the standard Into/TryInto traits
            "bool", "float", "int", "number", "str", "string",
            "toBool", "toInt", "toNumber", "toString", "to_bool", "to_int", "to_number", "to_string",
            "parseFloat", "parseInt", "parse_float", "parse_int",
            "__into_bool", "__into_float", "__into_int", "__into_number", "__into_string",
            "__try_into_bool", "__try_into_float", "__try_into_int", "__try_into_number", "__try_into_string",
            // type tests
            "isArray", "isNumber", "isObject", "isString", "is_array", "is_number", "is_object", "is_string",
            "typeOf", "type_of", "typeof",
            // math
            "abs", "atan", "atan2", "ceil", "clamp", "cos", "exp", "floor", "ln", "log", "log10", "log2", "max", "min", "pow",
            "round", "sign", "sin", "sqrt", "tan", "trunc",
            // failing on purpose
            "assert", "panic");

    /** Whether {@code name} is a builtin the VM provides. */
    public static boolean contains(String name) { return NAMES.contains(name); }
}
