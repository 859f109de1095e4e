package dev.shaperemote.lang;

/**
 * One token of Shape source.
 *
 * @param type what kind of token it is
 * @param text the source text it was read from
 * @param literal the value of a literal: Long for INT, Double for NUMBER, String for STRING, and
 *     for FSTRING a list of String pieces and {@link Lexer.Hole}s; null for other tokens
 * @param line 1-based line of its first character
 * @param col 1-based column of its first character
 * @param startsLine whether a line break separates it from the token before it; Shape uses line
 *     breaks to end statements
 */
public record Token(TokenType type, String text, Object literal, int line, int col, boolean startsLine) {
    /** How the token is quoted in error messages. */
    String describe() {
        return switch (type) {
            case EOF -> text.isEmpty() ? "the end of the input" : "the end of the f-string hole";
            case STRING, FSTRING -> "a string";
            default -> "'" + text + "'";
        };
    }
}
