package dev.shaperemote.wire;

/**
 * A compiler or runtime remark in an Execute or Validate response.
 *
 * @param severity {@code "error"}, {@code "warning"} or {@code "info"}
 * @param line     1-based, or null when unknown
 * @param column   1-based, or null when unknown
 */
public record Diagnostic(String severity, String message, Integer line, Integer column) {
    public static final java.util.Set<String> SEVERITIES = java.util.Set.of("error", "warning", "info");
}
