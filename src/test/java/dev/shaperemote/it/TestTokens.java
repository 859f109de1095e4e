package dev.shaperemote.it;

import dev.shaperemote.client.DevCredentials;
import dev.shaperemote.client.DevTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The integration tests' callers: bearer tokens minted with this checkout's development key (the one the
 * servers of the build trust), as {@code shape-remote token} mints them, and the Admin Center login the build made.
 */
public final class TestTokens {
    /** The development credentials of this build (failsafe passes their directory). */
    public static final DevCredentials CREDENTIALS =
            new DevCredentials(Path.of(System.getProperty("dev.credentials", "target/dev-credentials")));
    private static final Map<String, String> MINTED = new ConcurrentHashMap<>();
    private static PrivateKey key;

    /** The caller the tests use unless they are about who calls. */
    public static final String CALLER = caller("it-caller");
    /** An administrator (shape-admin), for admin operations. */
    public static final String ADMIN = admin("it-admin");

    private TestTokens() {}

    /** A shape-caller token for {@code name}. */
    public static String caller(String name) { return mint(name, List.of("shape-caller")); }

    /** A shape-admin token for {@code name}. */
    public static String admin(String name) { return mint(name, List.of("shape-admin")); }

    /** A token for {@code name} with exactly {@code groups}. */
    public static synchronized String mint(String name, List<String> groups) {
        return MINTED.computeIfAbsent(name + groups, k -> {
            if (key == null) key = CREDENTIALS.privateKey();
            return DevTokens.mint(key, name, groups, Duration.ofHours(2));
        });
    }

    /**
     * A request to the worker with the default caller's token, or the administrator's for an admin operation
     * ({@code /api/v1/admin/...}), so the tests that are not about authentication read as before. Liberty's own
     * endpoints go to the management port (HTTPS; the test clients trust its self-signed key), {@code /metrics}
     * with the Admin Center login.
     */
    public static HttpRequest.Builder request(URI uri) {
        String path = uri.getPath();
        if (path.startsWith("/health") || path.startsWith("/openapi") || path.startsWith("/metrics")) {
            HttpRequest.Builder management = HttpRequest.newBuilder(URI.create(ItServer.MANAGEMENT + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            if (!path.startsWith("/metrics")) return management;
            String[] login = adminLogin();
            return management.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((login[0] + ":" + login[1]).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + (path.startsWith("/api/v1/admin") ? ADMIN : CALLER));
    }

    /** The Admin Center user and password the build made (target/dev-credentials/admin-secrets.xml). */
    public static String[] adminLogin() {
        try {
            String xml = Files.readString(CREDENTIALS.dir().resolve("admin-secrets.xml"));
            Matcher m = Pattern.compile("userName=\"([^\"]+)\" userPassword=\"([^\"]+)\"").matcher(xml);
            if (!m.find()) throw new IllegalStateException("no quickStartSecurity in admin-secrets.xml");
            return new String[] {m.group(1), m.group(2)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
