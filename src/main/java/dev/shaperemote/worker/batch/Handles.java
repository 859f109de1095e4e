package dev.shaperemote.worker.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Names that reveal nothing: random batch handles that cannot be counted through, and owners' directory names. */
final class Handles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handles() {}

    /** 128 random bits, base64url without padding. */
    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** A directory name for an owner's files: any principal name becomes a safe, fixed-length name. */
    static String ownerKey(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
