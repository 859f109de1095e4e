package dev.shaperemote.worker.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Verifies a bearer token that arrives outside HTTP (a JMS request's property) exactly as the server's
 * MicroProfile JWT feature verifies one on HTTP: RS256 signature against the same
 * {@code mp.jwt.verify.publickey.location} (a PEM file or a JWKS URL) or {@code mp.jwt.verify.publickey},
 * the same {@code mp.jwt.verify.issuer}, an expiry, and {@code mp.jwt.verify.audiences} when set.
 * So a JMS call runs as the identity its sender proved, never one it merely claims.
 */
@ApplicationScoped
public class TokenVerifier {
    private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile boolean fixed;

    /** The verified principal and groups of {@code token}; empty when it does not verify (or none is configured). */
    public Optional<Verified> verify(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        DefaultJWTProcessor<SecurityContext> p = fixed ? processor : processor();
        if (p == null) return Optional.empty();
        try {
            JWTClaimsSet claims = p.process(token.strip(), null);
            String name = firstString(claims, "upn", "preferred_username", "sub");
            if (name == null) return Optional.empty();
            List<String> groups = claims.getStringListClaim("groups");
            return Optional.of(new Verified(name, groups == null ? List.of() : groups));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.log(Level.FINE, "a bearer token did not verify", e);
            return Optional.empty();
        }
    }

    /** A token's principal name and groups, after its signature, issuer and expiry checked out. */
    public record Verified(String name, List<String> groups) {}

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p != null) return p;
        synchronized (this) {
            if (processor == null) processor = build(ConfigProvider.getConfig());
            return processor;
        }
    }

    /** The processor the configuration describes; null (every token refused) when it names no issuer or key. */
    static DefaultJWTProcessor<SecurityContext> build(Config config) {
        return build(config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey.location", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey", String.class),
                config.getOptionalValue("mp.jwt.verify.audiences", String.class));
    }

    static DefaultJWTProcessor<SecurityContext> build(Optional<String> issuer, Optional<String> location, Optional<String> inline,
                                                      Optional<String> audiences) {
        if (issuer.isEmpty() || (location.isEmpty() && inline.isEmpty())) {
            LOG.warning("No mp.jwt.verify.issuer or public key is configured: JMS requests are refused (docs/SECURITY.md)");
            return null;
        }
        try {
            JWKSource<SecurityContext> keys = inline.isPresent() ? pem(inline.get()) : source(location.get());
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
            Set<String> accepted = audiences.map(a -> Set.of(a.split("\\s*,\\s*"))).orElse(null);
            p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(accepted,
                    new JWTClaimsSet.Builder().issuer(issuer.get()).build(), new HashSet<>(List.of("exp", "iss")), null));
            return p;
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            LOG.log(Level.SEVERE, "the configured JWT public key cannot be read: JMS requests are refused", e);
            return null;
        }
    }

    /** A verifier of a fixed configuration (for tests and for code outside CDI). */
    static TokenVerifier of(DefaultJWTProcessor<SecurityContext> processor) {
        TokenVerifier v = new TokenVerifier();
        v.processor = processor;
        v.fixed = true;
        return v;
    }

    private static JWKSource<SecurityContext> source(String location) throws IOException, java.security.GeneralSecurityException {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return JWKSourceBuilder.create(new URL(location)).build(); // JWKS, fetched and cached with rate limits
        }
        Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return pem(Files.readString(file));
    }

    private static JWKSource<SecurityContext> pem(String pem) throws java.security.GeneralSecurityException {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        return new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(key).build()));
    }

    private static String firstString(JWTClaimsSet claims, String... names) throws ParseException {
        for (String n : names) {
            String v = claims.getStringClaim(n);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
