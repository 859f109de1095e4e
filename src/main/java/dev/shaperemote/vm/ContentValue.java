package dev.shaperemote.vm;

import java.util.ArrayList;
import java.util.List;

/**
 * Rich text of Shape's content system: what {@code c"..."} strings and the {@code Content} builders make.
 * A node renders as plain text (this VM writes to a captured output, not a terminal): styles such as
 * {@code bold} or {@code fg(green)} are kept on the value but do not change its text. Content has no wire
 * form; {@code toString()} gives its text.
 */
public sealed interface ContentValue {
    /** Text with styles, in the order applied ({@code "bold"}, {@code "fg(green)"}). */
    record Text(String text, List<String> styles) implements ContentValue {}

    /** Nodes one after another. */
    record Fragment(List<ContentValue> parts) implements ContentValue {}

    /** A table: a header row and rows of cells, rendered in aligned columns. */
    record Table(List<String> headers, List<List<String>> rows) implements ContentValue {}

    /** A block of source code in a language. */
    record Code(String language, String source) implements ContentValue {}

    /** Key-value pairs, one {@code key: value} line each. */
    record KeyValue(List<List<String>> pairs) implements ContentValue {}

    /** This node with one more style: text gains it, a fragment passes it to its parts, a block becomes styled text. */
    default ContentValue styled(String style) {
        if (this instanceof Text t) {
            List<String> styles = new ArrayList<>(t.styles());
            styles.add(style);
            return new Text(t.text(), List.copyOf(styles));
        }
        if (this instanceof Fragment f) return new Fragment(f.parts().stream().map(p -> p.styled(style)).toList());
        return new Text(render(), List.of(style));
    }

    /** The plain text of the node. */
    default String render() {
        StringBuilder sb = new StringBuilder();
        renderTo(sb);
        return sb.toString();
    }

    private void renderTo(StringBuilder sb) {
        if (this instanceof Text t) {
            sb.append(t.text());
        } else if (this instanceof Fragment f) {
            for (ContentValue part : f.parts()) part.renderTo(sb);
        } else if (this instanceof Code c) {
            sb.append(c.source());
        } else if (this instanceof KeyValue kv) {
            for (int i = 0; i < kv.pairs().size(); i++) {
                if (i > 0) sb.append('\n');
                sb.append(kv.pairs().get(i).get(0)).append(": ").append(kv.pairs().get(i).get(1));
            }
        } else if (this instanceof Table t) {
            renderTable(sb, t);
        }
    }

    private static void renderTable(StringBuilder sb, Table t) {
        int columns = t.headers().size();
        for (List<String> row : t.rows()) columns = Math.max(columns, row.size());
        int[] width = new int[columns];
        List<List<String>> all = new ArrayList<>();
        all.add(t.headers());
        all.addAll(t.rows());
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        }
        for (int r = 0; r < all.size(); r++) {
            if (r > 0) sb.append('\n');
            List<String> row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                if (i > 0) line.append(" | ");
                String cell = i < row.size() ? row.get(i) : "";
                line.append(cell).append(" ".repeat(width[i] - cell.length()));
            }
            sb.append(line.toString().stripTrailing());
            if (r == 0) {
                sb.append('\n');
                for (int i = 0; i < columns; i++) {
                    if (i > 0) sb.append("-+-");
                    sb.append("-".repeat(Math.max(width[i], 1)));
                }
            }
        }
    }
}
