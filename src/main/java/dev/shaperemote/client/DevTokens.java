package dev.shaperemote.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Mints development bearer tokens: MicroProfile JWTs (RS256) with the claims the MP JWT specification asks
 * for ({@code iss}, {@code sub}, {@code upn}, {@code groups}, {@code iat}, {@code exp}, {@code jti}). The
 * worker verifies them like any other issuer's; only the key and the issuer mark them as development tokens.
 */
public final class DevTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final JsonFactory JSON = new JsonFactory();
    private static final SecureRandom RANDOM = new SecureRandom();

    private DevTokens() {}

    public static String mint(PrivateKey key, String subject, List<String> groups, Duration lifetime) {
        Instant now = Instant.now();
        byte[] jti = new byte[12];
        RANDOM.nextBytes(jti);
        String header = B64.encodeToString(json(g -> {
            g.writeStringField("alg", "RS256");
            g.writeStringField("typ", "JWT");
        }));
        String claims = B64.encodeToString(json(g -> {
            g.writeStringField("iss", DevCredentials.ISSUER);
            g.writeStringField("sub", subject);
            g.writeStringField("upn", subject);
            g.writeArrayFieldStart("groups");
            for (String group : groups) g.writeString(group);
            g.writeEndArray();
            g.writeNumberField("iat", now.getEpochSecond());
            g.writeNumberField("exp", now.plus(lifetime).getEpochSecond());
            g.writeStringField("jti", B64.encodeToString(jti));
        }));
        String signed = header + "." + claims;
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the development key", e);
        }
    }

    private interface Fields { void write(JsonGenerator g) throws IOException; }

    private static byte[] json(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
