package dev.shaperemote.worker.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Owners' directory names that reveal nothing of the owner. */
final class OwnerDirs {
    private OwnerDirs() {}

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
