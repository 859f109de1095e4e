package dev.shaperemote.vm;

import dev.shaperemote.bytecode.Builtins;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.lang.CompileError;
import dev.shaperemote.lang.ShapeCompiler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every builtin name of the instruction set's contract (bytecode.Builtins) is found by the VM and does what it
 * says on a sample, run as a Shape program; a name outside the contract is refused, and so is a method a
 * receiver does not have.
 */
class BuiltinsTest {
    /** A call of each builtin, and what it gives: the value's type name and its printed form. */
    private static final Map<String, String[]> SAMPLES = Map.ofEntries(
            entry("print", new String[] {"print(1, \"a\", [2])", "unit ()"}),
            entry("__with_context", new String[] {"__with_context(Err(\"boom\"), \"loading\")", "Result Err(\"loading: boom\")"}),
            entry("__approx_eq", new String[] {"[__approx_eq(100, 101), __approx_eq(100, 110), __approx_eq(1, 2, 1.5)]", "array [true, false, true]"}),
            entry("__number_field", new String[] {"[__number_field(3), __number_field(2.5), __number_field(\"a\")]", "array [3.0, 2.5, \"a\"]"}),
            entry("__content", new String[] {"__content(\"n = \", 4)", "content n = 4"}),
            entry("__content_styled", new String[] {"__content_styled(4, \"fg(green),bold\")", "content 4"}),
            entry("Content", new String[] {"Content.kv([[\"a\", 1], [\"b\", 2]])", "content a: 1\nb: 2"}),
            entry("__drop", new String[] {"__drop(1, None)", "unit ()"}),
            entry("__as_struct", new String[] {"__as_struct({ a: 1, b: 2 }, \"P\", \"a\", \"a\")", "object { a: 1.0 }"}),
            entry("__none_to_err", new String[] {"[__none_to_err(None), __none_to_err(3)]", "array [Err(\"None propagated by '?'\"), 3]"}),
            entry("Some", new String[] {"Some(2)", "int 2"}),
            entry("Ok", new String[] {"Ok(2)", "Result Ok(2)"}),
            entry("Err", new String[] {"Err(\"no\")", "Result Err(\"no\")"}),
            entry("HashMap", new String[] {"HashMap().set(\"k\", 1).len()", "int 1"}),
            entry("range", new String[] {"range(1, 10, 4)", "array [1, 5, 9]"}),
            entry("len", new String[] {"[len(\"héllo\"), len([1, 2]), len({a: 1})]", "array [5, 2, 1]"}),
            entry("bool", new String[] {"[bool(\"true\"), bool(0)]", "array [true, false]"}),
            entry("toBool", new String[] {"toBool(\"false\")", "bool false"}),
            entry("to_bool", new String[] {"to_bool(1)", "bool true"}),
            entry("__into_bool", new String[] {"__into_bool(\"true\")", "bool true"}),
            entry("int", new String[] {"[int(3.9), int(\"42\"), int(true)]", "array [3, 42, 1]"}),
            entry("toInt", new String[] {"toInt(-2.5)", "int -2"}),
            entry("to_int", new String[] {"to_int(\"7\")", "int 7"}),
            entry("parseInt", new String[] {"parseInt(\"12\")", "int 12"}),
            entry("parse_int", new String[] {"parse_int(\"-3\")", "int -3"}),
            entry("__into_int", new String[] {"__into_int(2.5)", "int 2"}),
            entry("number", new String[] {"number(2)", "number 2.0"}),
            entry("float", new String[] {"float(\"1.5\")", "number 1.5"}),
            entry("toNumber", new String[] {"toNumber(true)", "number 1.0"}),
            entry("to_number", new String[] {"to_number(\"0.25\")", "number 0.25"}),
            entry("parseFloat", new String[] {"parseFloat(\"3\")", "number 3.0"}),
            entry("parse_float", new String[] {"parse_float(\"-1.5\")", "number -1.5"}),
            entry("__into_number", new String[] {"__into_number(4)", "number 4.0"}),
            entry("__into_float", new String[] {"__into_float(\"2\")", "number 2.0"}),
            entry("str", new String[] {"str([1, \"a\"])", "string [1, \"a\"]"}),
            entry("string", new String[] {"string(1.5)", "string 1.5"}),
            entry("toString", new String[] {"toString(true)", "string true"}),
            entry("to_string", new String[] {"to_string(7)", "string 7"}),
            entry("__into_string", new String[] {"__into_string(None)", "string None"}),
            entry("__try_into_int", new String[] {"[__try_into_int(\"5\"), __try_into_int(2.5)]",
                    "array [Ok(5), Err(\"cannot convert 2.5 to int without losing its fraction\")]"}),
            entry("__try_into_number", new String[] {"__try_into_number(\"x\")", "Result Err(\"cannot convert \"x\" to number\")"}),
            entry("__try_into_float", new String[] {"__try_into_float(1)", "Result Ok(1.0)"}),
            entry("__try_into_string", new String[] {"__try_into_string(3)", "Result Ok(\"3\")"}),
            entry("__try_into_bool", new String[] {"__try_into_bool(\"maybe\")", "Result Err(\"cannot convert \"maybe\" to bool\")"}),
            entry("isArray", new String[] {"[isArray([]), isArray(\"a\")]", "array [true, false]"}),
            entry("is_array", new String[] {"is_array([1])", "bool true"}),
            entry("isNumber", new String[] {"[isNumber(1), isNumber(1.5), isNumber(\"1\")]", "array [true, true, false]"}),
            entry("is_number", new String[] {"is_number(None)", "bool false"}),
            entry("isObject", new String[] {"[isObject({a: 1}), isObject([])]", "array [true, false]"}),
            entry("is_object", new String[] {"is_object({})", "bool true"}),
            entry("isString", new String[] {"[isString(\"a\"), isString(1)]", "array [true, false]"}),
            entry("is_string", new String[] {"is_string(\"\")", "bool true"}),
            entry("typeof", new String[] {"[typeof(1), typeof(1.5), typeof(\"a\"), typeof([])]", "array [\"int\", \"number\", \"string\", \"array\"]"}),
            entry("typeOf", new String[] {"typeOf(true)", "string bool"}),
            entry("type_of", new String[] {"type_of(HashMap())", "string HashMap"}),
            entry("abs", new String[] {"[abs(-3), abs(-2.5)]", "array [3, 2.5]"}),
            entry("floor", new String[] {"[floor(2.7), floor(-2.5), floor(3)]", "array [2.0, -3.0, 3]"}),
            entry("ceil", new String[] {"ceil(2.1)", "number 3.0"}),
            entry("round", new String[] {"[round(2.5), round(-2.5), round(2.4)]", "array [3.0, -3.0, 2.0]"}),
            entry("trunc", new String[] {"trunc(-2.7)", "number -2.0"}),
            entry("sign", new String[] {"[sign(-4), sign(0.5)]", "array [-1, 1.0]"}),
            entry("sqrt", new String[] {"sqrt(16)", "number 4.0"}),
            entry("exp", new String[] {"exp(0)", "number 1.0"}),
            entry("ln", new String[] {"ln(1)", "number 0.0"}),
            entry("log", new String[] {"log(100)", "number 2.0"}),
            entry("log10", new String[] {"log10(1000)", "number 3.0"}),
            entry("log2", new String[] {"log2(8)", "number 3.0"}),
            entry("sin", new String[] {"sin(0)", "number 0.0"}),
            entry("cos", new String[] {"cos(0)", "number 1.0"}),
            entry("tan", new String[] {"tan(0)", "number 0.0"}),
            entry("atan", new String[] {"atan(0)", "number 0.0"}),
            entry("atan2", new String[] {"atan2(0, 1)", "number 0.0"}),
            entry("pow", new String[] {"[pow(2, 10), pow(2, 0.5) > 1.41, pow(4, -1)]", "array [1024, true, 0.25]"}),
            entry("min", new String[] {"[min(3, 1, 2), min([5, 4])]", "array [1, 4]"}),
            entry("max", new String[] {"[max(3, 1.5), max([1, 9, 2])]", "array [3, 9]"}),
            entry("clamp", new String[] {"[clamp(15, 0, 10), clamp(-1, 0, 10), clamp(5, 0, 10)]", "array [10, 0, 5]"}),
            entry("assert", new String[] {"assert(1 < 2, \"order\")", "unit ()"}),
            entry("panic", new String[] {"panic(\"stop\")", "RuntimeError stop"}));

    private static String run(String source) {
        Interpreter vm = new Interpreter(Linker.link(ShapeCompiler.compile(source)), Budgets.defaults());
        try {
            Object v = vm.runMain();
            return Values.typeName(v) + " " + Values.describe(v);
        } catch (ShapeError e) {
            return e.kind() + " " + e.getMessage();
        }
    }

    @Test
    void theVmImplementsExactlyTheBuiltinsOfTheContract() {
        TreeSet<String> implemented = new TreeSet<>(Globals.names());
        implemented.addAll(Intrinsics.NAMES);
        implemented.add("print");
        assertEquals(new TreeSet<>(Builtins.NAMES), implemented);
        assertEquals(new TreeSet<>(Builtins.NAMES), new TreeSet<>(SAMPLES.keySet()), "every builtin has a sample here");
    }

    @Test
    void everyBuiltinDoesWhatItSaysOnASample() {
        List<String> wrong = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(SAMPLES).entrySet()) {
            String got = firstLine(run(e.getValue()[0]));
            if (!got.equals(e.getValue()[1])) wrong.add(e.getKey() + ": " + e.getValue()[0] + " gave " + got + ", want " + e.getValue()[1]);
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aNameOutsideTheContractIsRefused() {
        assertNull(Globals.lookup("no_such_builtin"));
        assertNull(Intrinsics.lookup("no_such_builtin"));
        CompileError e = assertThrows(CompileError.class, () -> ShapeCompiler.compile("no_such_builtin(1)"));
        assertTrue(e.getMessage().contains("Undefined variable 'no_such_builtin'"), e.getMessage());
    }

    @Test
    void aMethodTheReceiverDoesNotHaveIsARuntimeErrorNamingIt() {
        for (String receiver : new String[] {"[1]", "\"s\"", "HashMap()", "Ok(1)", "None", "1", "1.5", "0..3", "{a: 1}"}) {
            String got = run("(" + receiver + ").no_such_method()");
            assertTrue(got.startsWith("RuntimeError Unknown method 'no_such_method' on "), receiver + ": " + got);
            assertTrue(got.contains("has no method 'no_such_method'"), receiver + ": " + got);
        }
    }

    @Test
    void aMethodChecksItsArgumentCountUnderTheNameItWasCalledBy() {
        assertEquals("RuntimeError push() takes at least 1 arguments, got 0", firstLine(run("[1].push()")));
        assertEquals("RuntimeError to_upper_case() takes 0 arguments, got 1", firstLine(run("\"a\".to_upper_case(1)")));
        assertEquals("RuntimeError slice() takes 1 to 2 arguments, got 3", firstLine(run("[1].slice(0, 1, 2)")));
        assertEquals("RuntimeError getOrDefault() takes 2 arguments, got 1", firstLine(run("HashMap().getOrDefault(1)")));
        assertEquals("RuntimeError unwrap_or() takes 1 argument, got 0", firstLine(run("Ok(1).unwrap_or()")));
        assertEquals("RuntimeError to_fixed() takes 1 argument, got 0", firstLine(run("1.5.to_fixed()")));
        // A bare present value answers the Option methods as Some(value) would, with the same check.
        assertEquals("RuntimeError unwrapOr() takes 1 argument, got 2", firstLine(run("[5].first().unwrapOr(1, 2)")));
    }

    @Test
    void aliasesRunTheSameMethod() {
        assertEquals(run("[3, 1, 2].map(|x| x * 2)"), run("[3, 1, 2].select(|x| x * 2)"));
        assertEquals(run("\"abc\".toUpperCase()"), run("\"abc\".upper()"));
        assertEquals(run("HashMap().set(1, 2).has(1)"), run("HashMap().insert(1, 2).contains_key(1)"));
        assertEquals(run("Ok(1).andThen(|x| Ok(x + 1))"), run("Ok(1).and_then(|x| Ok(x + 1))"));
        assertEquals("array [1, 2]", run("(1..3).collect()"));
        assertEquals("int 6", run("(1..4).reduce(|a, b| a + b, 0)"));
    }

    private static String firstLine(String s) {
        // Runtime errors name where they happened after the message: keep the message.
        int at = s.indexOf(" (in ");
        return at < 0 ? s : s.substring(0, at);
    }
}
