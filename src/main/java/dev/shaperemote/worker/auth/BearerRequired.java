package dev.shaperemote.worker.auth;

import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.worker.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The first gate of {@code /api} and {@code /ws}: a request the container authenticated no caller for (no bearer
 * token; a token that fails verification the container answers 401 itself) is refused with 401 before anything of
 * the worker runs; only {@code GET /api/v1/ping} is open. This is a filter rather than a web.xml security constraint
 * because servers differ on a protected path without a token: Liberty answers 401, Payara an empty 200. The
 * caller's groups are checked after it ({@link CallerFilter}, the WebSocket endpoint).
 */
@WebFilter(urlPatterns = {"/api/*", "/ws/*"}, asyncSupported = true)
public class BearerRequired extends HttpFilter {
    private static final String PING = "/api/v1/ping";
    private static final byte[] REFUSAL = Json.error(RemoteErrorKind.Unauthorized.name(),
            "a bearer token is needed (Authorization: Bearer ...)", null);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean ping = "GET".equals(request.getMethod()) && PING.equals(request.getServletPath() + pathInfo(request));
        if (ping || request.getUserPrincipal() != null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/json");
        response.setContentLength(REFUSAL.length);
        response.getOutputStream().write(REFUSAL);
    }

    private static String pathInfo(HttpServletRequest request) {
        return request.getPathInfo() == null ? "" : request.getPathInfo();
    }
}
