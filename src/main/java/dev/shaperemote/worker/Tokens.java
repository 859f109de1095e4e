package dev.shaperemote.worker;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Unguessable names: 128 random bits, base64url without padding (22 characters), for connection tokens and batch handles. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}"); // compiled once: checked on every wire request

    private Tokens() {}

    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }

    /** Whether {@code s} could be a token at all; anything else is refused without a cache lookup. */
    static boolean wellFormed(String s) { return s != null && SHAPE.matcher(s).matches(); }
}
