package dev.shaperemote.lang;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.function.Consumer;

/**
 * Generic access to the syntax tree: every node is a record, so a pass that looks for a few kinds of node
 * visits the others by their components, and a node kind added later is walked without a change there.
 */
final class SyntaxNodes {
    private static final ClassValue<Method[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] cs = type.getRecordComponents();
            Method[] accessors = new Method[cs.length];
            for (int i = 0; i < cs.length; i++) accessors[i] = cs[i].getAccessor();
            return accessors;
        }
    };

    private SyntaxNodes() {}

    /** Gives each component of {@code node} (a child node, a list of them, a name, ...) to {@code each}. */
    static void components(Record node, Consumer<Object> each) {
        for (Method accessor : COMPONENTS.get(node.getClass())) {
            try {
                each.accept(accessor.invoke(node));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessor + " of a syntax node", e);
            }
        }
    }
}
