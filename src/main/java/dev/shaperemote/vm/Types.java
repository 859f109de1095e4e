package dev.shaperemote.vm;

/** {@code value is Type} and {@code value as Type}. */
public final class Types {
    private Types() {}

    public static boolean is(Object v, String type) {
        return switch (type) {
            case "int", "i64", "integer" -> v instanceof Long;
            case "number", "float", "f64" -> v instanceof Double;
            case "string", "str", "String" -> v instanceof String;
            case "bool", "boolean" -> v instanceof Boolean;
            case "array", "Array", "Vec" -> v instanceof ArrayValue;
            case "object", "Object" -> v instanceof ObjectValue;
            case "HashMap", "map", "Map" -> v instanceof MapValue;
            case "None", "none" -> v == Nil.NONE;
            case "unit", "()" -> v == Nil.UNIT;
            case "Option" -> v instanceof SomeValue || v == Nil.NONE;
            case "Some" -> v instanceof SomeValue;
            case "Result" -> v instanceof OkValue || v instanceof ErrValue;
            case "Ok" -> v instanceof OkValue;
            case "Err" -> v instanceof ErrValue;
            case "function", "Function" -> v instanceof Closure || v instanceof NativeFunction;
            default -> v instanceof EnumValue e && e.enumName().equals(type)
                    || v instanceof ObjectValue o && type.equals(o.typeName);
        };
    }

    public static Object cast(Object v, String type, CallContext ctx) {
        if (type.endsWith("?")) {
            // 'as T?' tries the conversion and reports failure as a value instead of an error.
            try {
                return new OkValue(cast(v, type.substring(0, type.length() - 1), ctx));
            } catch (ShapeError e) {
                if (e.kind() != ShapeError.Kind.RuntimeError) throw e; // a budget or a cancel is no failed conversion
                return new ErrValue(e.getMessage());
            }
        }
        return switch (type) {
            case "i8" -> (long) (byte) Values.toLong(cast(v, "int", ctx));
            case "i16" -> (long) (short) Values.toLong(cast(v, "int", ctx));
            case "i32" -> (long) (int) Values.toLong(cast(v, "int", ctx));
            case "u8" -> Values.toLong(cast(v, "int", ctx)) & 0xFF;
            case "u16" -> Values.toLong(cast(v, "int", ctx)) & 0xFFFF;
            case "u32" -> Values.toLong(cast(v, "int", ctx)) & 0xFFFFFFFFL;
            case "u64" -> Values.toLong(cast(v, "int", ctx));
            case "f32" -> (double) (float) Values.toDouble(cast(v, "number", ctx));
            case "int", "i64", "integer" -> {
                if (v instanceof String s) yield parsed(s, Long::parseLong, "int");
                if (v instanceof Double d && (d.isNaN() || d.isInfinite())) throw ShapeError.runtime("cannot convert " + d + " to int");
                yield Values.toLong(v);
            }
            case "number", "float", "f64" -> {
                if (v instanceof String s) yield parsed(s, Double::parseDouble, "number");
                yield Values.toDouble(v);
            }
            case "string", "str", "String" -> Values.display(v, ctx);
            case "bool", "boolean" -> Values.truthy(v);
            default -> {
                if (is(v, type)) yield v;
                throw ShapeError.runtime("cannot convert " + Values.typeName(v) + " to " + type);
            }
        };
    }

    /** {@code s} trimmed and parsed by {@code parse}, or the error that it is not a {@code type}. */
    private static <T> T parsed(String s, java.util.function.Function<String, T> parse, String type) {
        try {
            return parse.apply(s.trim());
        } catch (NumberFormatException e) {
            throw ShapeError.runtime("cannot convert \"" + s + "\" to " + type);
        }
    }
}
