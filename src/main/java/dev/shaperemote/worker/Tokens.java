package dev.shaperemote.worker;

import java.security.SecureRandom;
import java.util.Base64;

/** Connection tokens: 128 random bits, base64url without padding (22 characters). */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }

    /** Whether {@code s} could be a token at all; anything else is refused without a cache lookup. */
    static boolean wellFormed(String s) { return s != null && s.matches("[A-Za-z0-9_-]{22}"); }
}
