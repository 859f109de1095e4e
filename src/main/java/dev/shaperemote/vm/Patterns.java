package dev.shaperemote.vm;

/** The run-time half of constructor patterns: which variant a value is, and its payload items. */
final class Patterns {
    private Patterns() {}

    /** Whether {@code v} is the variant {@code name}: Some, Ok, Err, None, {@code Variant} or {@code Enum::Variant}. */
    static boolean isVariant(Object v, String name) {
        return switch (name) {
            // Some(x) is x itself at run time, so Some matches any present value (wire SomeValues too).
            case "Some" -> v instanceof SomeValue || (v != Nil.NONE && v != Nil.UNIT && !(v instanceof OkValue)
                    && !(v instanceof ErrValue));
            case "Ok" -> v instanceof OkValue;
            case "Err" -> v instanceof ErrValue;
            case "None" -> v == Nil.NONE;
            default -> {
                if (!(v instanceof EnumValue e)) yield false;
                int sep = name.indexOf("::");
                yield sep < 0 ? e.variant().equals(name)
                        : e.enumName().equals(name.substring(0, sep)) && e.variant().equals(name.substring(sep + 2));
            }
        };
    }

    /** The value a {@code Some(x)} pattern binds: a wire SomeValue's content, or the bare value itself. */
    static Object unwrapSome(Object v) { return v instanceof SomeValue s ? s.value() : v; }

    static Object payload(Object v, int i) {
        if (v instanceof SomeValue s && i == 0) return s.value();
        if (i == 0 && !(v instanceof OkValue || v instanceof ErrValue || v instanceof EnumValue)) return v;
        if (v instanceof OkValue s && i == 0) return s.value();
        if (v instanceof ErrValue s && i == 0) return s.value();
        if (v instanceof EnumValue e && i < e.payload().length) return e.payload()[i];
        return Nil.NONE;
    }
}
