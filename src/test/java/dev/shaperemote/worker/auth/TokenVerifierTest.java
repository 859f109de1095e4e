package dev.shaperemote.worker.auth;

import dev.shaperemote.client.DevCredentials;
import dev.shaperemote.client.DevTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JMS path's token check refuses what the server's HTTP check refuses: another key, another issuer, expiry. */
class TokenVerifierTest {
    @Test
    void aDevelopmentTokenVerifiesAndForgedExpiredOrForeignOnesDoNot(@TempDir Path dir) {
        DevCredentials mine = new DevCredentials(dir.resolve("mine"));
        DevCredentials stranger = new DevCredentials(dir.resolve("stranger"));
        mine.ensure();
        stranger.ensure();
        TokenVerifier verifier = TokenVerifier.of(TokenVerifier.build(Optional.of(DevCredentials.ISSUER),
                Optional.of(mine.publicKey().toUri().toString()), Optional.empty(), Optional.empty()));

        var alice = verifier.verify(DevTokens.mint(mine.privateKey(), "alice", List.of("shape-caller"), Duration.ofMinutes(5)));
        assertEquals(Optional.of(new TokenVerifier.Verified("alice", List.of("shape-caller"))), alice);

        assertTrue(verifier.verify(DevTokens.mint(stranger.privateKey(), "alice", List.of("shape-caller"), Duration.ofMinutes(5))).isEmpty(),
                "signed by a key the worker does not trust");
        assertTrue(verifier.verify(DevTokens.mint(mine.privateKey(), "alice", List.of("shape-caller"), Duration.ofMinutes(-5))).isEmpty(),
                "expired");
        assertTrue(verifier.verify("not.a.token").isEmpty());
        assertTrue(verifier.verify(null).isEmpty());

        TokenVerifier otherIssuer = TokenVerifier.of(TokenVerifier.build(Optional.of("https://sso.example/realms/acme"),
                Optional.of(mine.publicKey().toString()), Optional.empty(), Optional.empty()));
        assertTrue(otherIssuer.verify(DevTokens.mint(mine.privateKey(), "alice", List.of("shape-caller"), Duration.ofMinutes(5))).isEmpty(),
                "a server configured for another issuer refuses development tokens");
    }

    @Test
    void withoutAnIssuerOrAKeyNothingVerifies() {
        assertNull(TokenVerifier.build(Optional.empty(), Optional.of("/nowhere.pem"), Optional.empty(), Optional.empty()));
        assertNull(TokenVerifier.build(Optional.of("x"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertTrue(TokenVerifier.of(null).verify("a.b.c").isEmpty());
    }
}
