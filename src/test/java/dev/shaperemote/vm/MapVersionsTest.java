package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HashMap versions share one table (set is O(1)), yet every version keeps its own contents: old versions used
 * again, versions inside versions, loops that set keys on the map they iterate.
 */
class MapVersionsTest {
    private static Object run(String source) {
        return new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults()).runMain();
    }

    private static String show(String source) { return Values.display(run(source)); }

    @Test
    void everyVersionKeepsItsContentsWhateverIsUsedLater() {
        assertEquals("[1, 2, 2, 3]", show("""
                let a = HashMap().set("x", 1)
                let b = a.set("y", 2)
                let c = a.set("y", 3)
                [a.len(), b.len(), c.len(), c.get("y")]"""));
        assertEquals("[None, 2, 20, 2]", show("""
                let v0 = HashMap()
                let v1 = v0.set("k", 1)
                let v2 = v1.set("k", 2)
                let v3 = v2.set("k", 20)
                [v0.get("k"), v2.get("k"), v3.get("k"), v2.get("k")]"""));
        assertEquals("[[\"a\", \"b\", \"c\"], [\"a\", \"b\"], [\"a\", \"b\", \"d\"]]", show("""
                let ab = HashMap().set("a", 1).set("b", 2)
                let abc = ab.set("c", 3)
                let abd = ab.set("d", 4)
                [abc.keys(), ab.keys(), abd.keys()]"""));
    }

    @Test
    void replacingAKeyKeepsItsPlaceInEveryVersion() {
        assertEquals("[[\"a\", \"b\"], [1, 2], [9, 2]]", show("""
                let m = HashMap().set("a", 1).set("b", 2)
                let n = m.set("a", 9)
                [n.keys(), m.values(), n.values()]"""));
    }

    @Test
    void aMapHoldingAnOlderVersionOfItselfPrintsAndComparesRight() {
        assertEquals("[1, 0, true, false]", show("""
                let a = HashMap()
                let b = a.set("inner", a)
                [b.len(), b.get("inner").len(), a == b.get("inner"), a == b]"""));
        assertTrue((Boolean) run("let a = HashMap().set(1, 1)\nlet b = a.set(2, 2)\nb.delete(2) == a"));
    }

    @Test
    void aLoopMaySetKeysOnTheMapItIterates() {
        assertEquals("[6, 3]", show("""
                let m = HashMap().set("a", 1).set("b", 2).set("c", 3)
                let mut n = m
                for (k, v) in m { n = n.set(k + "2", v * 2) }
                let mut total = 0
                for (k, v) in n { if k.length == 2 { total = total + 1 } }
                [n.len(), total]"""));
        assertEquals(List.of(2L, 4L, 6L), ((ArrayValue) run("""
                let mut m = HashMap().set("a", 1).set("b", 2).set("c", 3)
                for (k, v) in m { m = m.set(k, v * 2) }
                m.values()""")).items);
    }

    @Test
    void buildingAMapInALoopKeepsEveryEntry() {
        assertEquals(100_000L, run("""
                let mut m = HashMap()
                for i in 0..100000 { m = m.set(i, i * i) }
                m.len()"""));
        assertEquals(99_999L * 99_999L, run("""
                let mut m = HashMap()
                for i in 0..100000 { m = m.set(i, i * i) }
                m.get(99999)"""));
    }
}
