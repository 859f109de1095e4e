package dev.shaperemote.worker;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginCheckTest {
    @Test
    void noOriginIsAProgramAndIsAccepted() {
        assertTrue(OriginCheck.allows(Set.of(), null));
        assertTrue(OriginCheck.allows(Set.of(), ""));
    }

    @Test
    void anOriginMustBeListed() {
        assertFalse(OriginCheck.allows(OriginCheck.parse(""), "https://evil.example"));
        Set<String> allowed = OriginCheck.parse(" https://App.example.com/ , http://localhost:3000");
        assertEquals(Set.of("https://app.example.com", "http://localhost:3000"), allowed);
        assertTrue(OriginCheck.allows(allowed, "https://app.example.com"));
        assertTrue(OriginCheck.allows(allowed, "HTTP://localhost:3000"));
        assertFalse(OriginCheck.allows(allowed, "https://app.example.com.evil.example"));
        assertFalse(OriginCheck.allows(allowed, "null"));
    }
}
