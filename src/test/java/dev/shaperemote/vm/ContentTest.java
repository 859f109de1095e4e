package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The content system: c"..." strings and the Content builders make content, which prints as plain text. */
class ContentTest {
    private static String output(String source) {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults());
        vm.runMain();
        return vm.output();
    }

    private static Object run(String source) {
        return new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults()).runMain();
    }

    @Test
    void contentStringsInterpolateAndKeepTheirStyles() {
        assertEquals("sum: 30\nrun: ls\n\n", output("let x = 10\nprint(c\"sum: {x + 20}\")\nlet cmd = \"ls\"\nprint(c#\"run: #{cmd}\")\nprint(c\"\")"));
        ContentValue styled = (ContentValue) run("let v = \"ok\"\nc\"{v:fg(green), bold}\"");
        assertEquals(new ContentValue.Text("ok", List.of("fg(green)", "bold")), styled);
        ContentValue chained = (ContentValue) run("c\"warn\".bold().fg(\"yellow\").underline()");
        assertEquals(new ContentValue.Text("warn", List.of("bold", "fg(yellow)", "underline")), chained);
        assertEquals("hello", run("c\"hello\".toString()"));
        assertEquals("content", run("typeof(c\"x\")"));
    }

    @Test
    void buildersMakeTablesCodeAndPairs() {
        assertEquals("Name | Value\n-----+------\na    | 1\nbb   | 22\n",
                output("print(Content.table([\"Name\", \"Value\"], [[\"a\", \"1\"], [\"bb\", 22]]))"));
        assertEquals("fn main() {}\nname: Alice\nhello world\n", output("print(Content.code(\"rust\", \"fn main() {}\"))\n"
                + "print(Content.kv([[\"name\", \"Alice\"]]))\nprint(Content.fragment([Content.text(\"hello \"), \"world\"]))"));
    }
}
