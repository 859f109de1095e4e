package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Builtins;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The compiler accepts exactly the builtin names the VM implements: bytecode.Builtins and the VM agree. */
class BuiltinsTest {
    @Test
    void theVmImplementsExactlyTheBuiltinsOfTheContract() {
        Set<String> implemented = new HashSet<>(Globals.names());
        implemented.addAll(Intrinsics.NAMES);
        implemented.add("print");
        assertEquals(new java.util.TreeSet<>(Builtins.NAMES), new java.util.TreeSet<>(implemented));
        for (String name : Intrinsics.NAMES) assertEquals(name != null, Intrinsics.lookup(name) != null, name);
    }
}
