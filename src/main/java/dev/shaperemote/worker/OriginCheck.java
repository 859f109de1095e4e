package dev.shaperemote.worker;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The Origin check of {@code /ws/v1/wire}'s opening handshake. A browser always sends {@code Origin}, so a page
 * from another site could otherwise open a session with the browser's cookies and network position (cross-site
 * WebSocket hijacking). A handshake without {@code Origin} comes from a program, not a browser, and is accepted;
 * one with an Origin is accepted only when {@code shape.worker.websocket.allowed-origins} lists it (the container
 * answers 403 otherwise).
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {
    public static final String ALLOWED_ORIGINS_KEY = "shape.worker.websocket.allowed-origins";
    private static final Logger LOG = Logger.getLogger(OriginCheck.class.getName());

    private volatile Set<String> allowed;

    @Override
    public boolean checkOrigin(String origin) {
        if (allowed == null) {
            Optional<String> list = ConfigProvider.getConfig().getOptionalValue(ALLOWED_ORIGINS_KEY, String.class);
            allowed = parse(list.orElse(""));
        }
        boolean ok = allows(allowed, origin);
        if (!ok) LOG.fine("a WebSocket handshake from origin " + origin + " was refused (not in " + ALLOWED_ORIGINS_KEY + ")");
        return ok;
    }

    /** The configured origins, normalised; empty for an empty list. */
    static Set<String> parse(String list) {
        return Arrays.stream(list.split(",")).map(OriginCheck::normalise).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** No Origin (not a browser): accepted; an Origin: accepted only when listed. */
    static boolean allows(Set<String> allowed, String origin) {
        if (origin == null || origin.isBlank()) return true;
        return allowed.contains(normalise(origin));
    }

    private static String normalise(String origin) {
        String s = origin.strip().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
