package dev.shaperemote.vm;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Number parsing answers as the old regular expressions did, and in one pass on adversarial input. */
class NumberSyntaxTest {
    @Test
    void intsParseAsBefore() {
        assertEquals(42L, NumberSyntax.parseInt(" 42 "));
        assertEquals(-7L, NumberSyntax.parseInt("-7"));
        assertEquals(5L, NumberSyntax.parseInt("+5"));
        assertEquals(1_000_000L, NumberSyntax.parseInt("1_000_000"));
        assertNull(NumberSyntax.parseInt(""));
        assertNull(NumberSyntax.parseInt("-"));
        assertNull(NumberSyntax.parseInt("1.5"));
        assertNull(NumberSyntax.parseInt("12a"));
        assertNull(NumberSyntax.parseInt("1-2"));
        assertNull(NumberSyntax.parseInt("99999999999999999999"));
    }

    @Test
    void numbersParseAsBefore() {
        assertEquals(1.5, NumberSyntax.parseNumber("1.5"));
        assertEquals(1.0, NumberSyntax.parseNumber("1."));
        assertEquals(0.5, NumberSyntax.parseNumber(".5"));
        assertEquals(-250.0, NumberSyntax.parseNumber("-2.5e2"));
        assertEquals(3e-2, NumberSyntax.parseNumber("+3E-2"));
        assertEquals(Double.POSITIVE_INFINITY, NumberSyntax.parseNumber("inf"));
        assertEquals(Double.NaN, NumberSyntax.parseNumber("NaN"));
        for (String bad : new String[] {"", ".", "+", "e5", "1e", "1e+", "1d", "0x1p3", "1..2", "1.2.3", " . "}) {
            assertNull(NumberSyntax.parseNumber(bad), bad);
        }
    }

    @Test
    void adversarialInputsAreAnsweredInOnePass() throws Exception {
        String digits = "1".repeat(2_000_000);
        // Each of these made the old pattern [0-9]+\.?[0-9]* try every split of the digits: hours of backtracking.
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            assertNull(NumberSyntax.parseNumber(digits + "x"));
            assertNull(NumberSyntax.parseNumber(digits + "e"));
            assertNull(NumberSyntax.parseNumber("-" + digits + ".x"));
            assertNull(NumberSyntax.parseInt(digits + "x"));
            assertNull(NumberSyntax.parseInt(digits), "too large for an int");
            assertEquals(Double.parseDouble(digits), NumberSyntax.parseNumber(digits));
        });
        run.get(60, TimeUnit.SECONDS); // generous; the scan takes milliseconds
    }
}
