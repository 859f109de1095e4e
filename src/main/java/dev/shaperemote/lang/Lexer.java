package dev.shaperemote.lang;

import static dev.shaperemote.lang.TokenType.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Shape source into tokens. Whitespace and comments are dropped; a token records whether a
 * line break came before it, which is all the parser needs to end statements at line ends.
 */
public final class Lexer {
    /** A hole {@code {expr}} of an f-string: the tokens of {@code expr}, ending with EOF, and where its '{' is. */
    public record Hole(List<Token> tokens, int line, int col) {}

    /** The deepest f-strings may nest inside each other's holes (the parser has the same limit). */
    static final int MAX_DEPTH = 256;

    /** Keywords by their text; any other word is an identifier. */
    static final Map<String, TokenType> KEYWORDS = spelled(true);

    /** Operators and punctuation marks by their text. The scanner takes the longest that matches (maximal munch). */
    private static final Map<String, TokenType> OPERATORS = spelled(false);
    private static final int LONGEST_OPERATOR = 3;

    private static Map<String, TokenType> spelled(boolean words) {
        Map<String, TokenType> byText = new HashMap<>();
        for (TokenType t : TokenType.values()) {
            if (t.text != null && Character.isLetter(t.text.charAt(0)) == words) byText.put(t.text, t);
        }
        return Map.copyOf(byText);
    }

    /** The digits of -2^63, an integer literal whose magnitude is too large for a long. */
    static final String LONG_MIN_DIGITS = "9223372036854775808";

    private final String source;
    private int pos = 0;
    private int line = 1;
    private int col = 1;

    // Where the token being scanned started, and whether a line break preceded it.
    private int startPos;
    private int startLine;
    private int startCol;
    private boolean startsLine;

    private int fStringDepth = 0;

    /** Called every {@link CompileLimits#CHECK_EVERY} tokens; throws to stop the compile (a cancel). */
    private final Runnable checkpoint;

    public Lexer(String source) { this(source, CompileLimits.NO_CHECK); }

    public Lexer(String source, Runnable checkpoint) {
        this.source = source;
        this.checkpoint = checkpoint;
    }

    /** All tokens of the source, ending with EOF. */
    public List<Token> tokenize() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipTrivia();
            markStart();
            if (isAtEnd()) {
                tokens.add(new Token(EOF, "", null, line, col, startsLine));
                return tokens;
            }
            tokens.add(scanToken());
            if (tokens.size() % CompileLimits.CHECK_EVERY == 0) checkpoint.run();
        }
    }

    private void markStart() {
        startPos = pos;
        startLine = line;
        startCol = col;
    }

    /** Skips blanks and comments, noting whether a line break was among them. */
    private void skipTrivia() {
        startsLine = pos == 0;
        while (!isAtEnd()) {
            char c = peek();
            if (c == '\n') {
                startsLine = true;
                advance();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                advance();
            } else if (c == '/' && peekNext() == '/') {
                while (!isAtEnd() && peek() != '\n') advance();
            } else if (c == '/' && peekNext() == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    private void blockComment() {
        int openLine = line;
        int openCol = col;
        advance();
        advance();
        while (!(peek() == '*' && peekNext() == '/')) {
            if (isAtEnd()) {
                throw new CompileError(openLine, openCol, "comment opened here is never closed; add '*/'");
            }
            if (peek() == '\n') startsLine = true;
            advance();
        }
        advance();
        advance();
    }

    private Token scanToken() {
        char c = advance();
        if (c == '"') {
            if (peek() == '"' && peekNext() == '"') return tripleQuotedString();
            return string();
        }
        if (isDigit(c)) return number(c);
        if ((c == 'f' || c == 'c') && peek() == '"') {
            advance();
            return fString('{', c == 'f' ? FSTRING : CSTRING);
        }
        if ((c == 'f' || c == 'c') && (peek() == '$' || peek() == '#') && peekNext() == '"') {
            char marker = advance();
            advance();
            return fString(marker, c == 'f' ? FSTRING : CSTRING);
        }
        if (isIdentifierStart(c)) return identifier();
        return operator(c);
    }

    private Token operator(char c) {
        for (int length = Math.min(LONGEST_OPERATOR, source.length() - startPos); length > 0; length--) {
            TokenType type = OPERATORS.get(source.substring(startPos, startPos + length));
            if (type != null) {
                for (int i = 1; i < length; i++) advance();
                return make(type);
            }
        }
        throw new CompileError(startLine, startCol, "unexpected character '" + c + "'");
    }

    // identifier -> (letter | '_') (letter | digit | '_')*
    private Token identifier() {
        while (isIdentifierPart(peek())) advance();
        String text = source.substring(startPos, pos);
        return make(KEYWORDS.getOrDefault(text, IDENTIFIER));
    }

    // number -> '0x' hex | '0b' bin | '0o' oct | digits ('.' digits)? (('e'|'E') ('+'|'-')? digits)?
    // A '.' counts only when a digit follows, so 1..5 is a range. Shape has no digit separators ('1_000').
    private Token number(char first) {
        if (first == '0' && "xXbBoO".indexOf(peek()) >= 0 && !isAtEnd()) {
            char kind = Character.toLowerCase(advance());
            int radix = kind == 'x' ? 16 : kind == 'b' ? 2 : 8;
            while (Character.digit(peek(), radix) >= 0) advance();
            rejectSeparator();
            String digits = source.substring(startPos + 2, pos);
            if (digits.isEmpty()) {
                throw new CompileError(startLine, startCol, "expected digits after '0" + kind + "'");
            }
            return integer(digits, radix);
        }
        boolean isFloat = false;
        digits();
        if (peek() == '.' && isDigit(peekNext())) {
            isFloat = true;
            advance();
            digits();
        }
        if ((peek() == 'e' || peek() == 'E')
                && (isDigit(peekNext()) || ((peekNext() == '+' || peekNext() == '-') && isDigit(peekAt(2))))) {
            isFloat = true;
            advance();
            if (peek() == '+' || peek() == '-') advance();
            digits();
        }
        rejectSeparator();
        if (isIdentifierStart(peek())) {
            throw new CompileError(line, col, "unexpected '" + peek() + "' right after the number "
                    + source.substring(startPos, pos) + "; put an operator or a space between them");
        }
        String text = source.substring(startPos, pos);
        if (isFloat) return makeLiteral(NUMBER, Double.parseDouble(text));
        return integer(text, 10);
    }

    private void digits() {
        while (isDigit(peek())) advance();
        rejectSeparator();
    }

    private void rejectSeparator() {
        if (peek() != '_') return;
        int end = pos;
        while (end < source.length() && (Character.isLetterOrDigit(source.charAt(end)) || source.charAt(end) == '_'
                || (source.charAt(end) == '.' && end + 1 < source.length() && Character.isDigit(source.charAt(end + 1))))) end++;
        String written = source.substring(startPos, end);
        throw new CompileError(line, col, "digit separators are not part of Shape numbers: write "
                + written.replace("_", "") + " instead of " + written);
    }

    private Token integer(String digits, int radix) {
        try {
            return makeLiteral(INT, Long.parseLong(digits, radix));
        } catch (NumberFormatException e) {
            // 2^63 is valid only after a minus sign; the parser checks, so it has no value here.
            if (radix == 10 && digits.equals(LONG_MIN_DIGITS)) return makeLiteral(INT, null);
            throw new CompileError(startLine, startCol,
                    "integer literal " + source.substring(startPos, pos) + " does not fit in 64 bits");
        }
    }

    // string -> '"' (char | escape)* '"'
    private Token string() {
        StringBuilder value = new StringBuilder();
        while (peek() != '"') {
            if (isAtEnd()) throw unterminated("string");
            char c = advance();
            value.append(c == '\\' ? escape() : String.valueOf(c));
        }
        advance();
        return makeLiteral(STRING, value.toString());
    }

    // tripleQuotedString -> '"""' anything '"""'
    // Raw (no escapes); a multi-line one loses its first and last blank lines and common indent.
    private Token tripleQuotedString() {
        advance();
        advance();
        int contentStart = pos;
        while (!(peek() == '"' && peekNext() == '"' && peekAt(2) == '"')) {
            if (isAtEnd()) throw unterminated("string");
            advance();
        }
        String raw = source.substring(contentStart, pos);
        advance();
        advance();
        advance();
        return makeLiteral(STRING, dedent(raw));
    }

    private static String dedent(String raw) {
        if (!raw.contains("\n")) return raw;
        List<String> lines = new ArrayList<>(List.of(raw.split("\n", -1)));
        if (lines.get(0).isBlank()) lines.remove(0);
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (l.isBlank()) continue;
            int i = 0;
            while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) i++;
            indent = Math.min(indent, i);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (i > 0) out.append('\n');
            out.append(l.isBlank() ? "" : l.substring(indent));
        }
        return out.toString();
    }

    // fString -> 'f"' (char | escape | '{{' | '}}' | '{' expression '}')* '"'
    //          | 'f$"' (char | escape | '${' expression '}')* '"'
    //          | 'f#"' (char | escape | '#{' expression '}')* '"'
    // In the f$ and f# forms a bare brace is an ordinary character.
    /** An f-string, or a content string ({@code c"..."}, token CSTRING) which has the same form. */
    private Token fString(char marker, TokenType type) {
        List<Object> parts = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        while (true) {
            if (isAtEnd()) throw unterminated("f-string");
            int openLine = line;
            int openCol = col;
            char c = advance();
            if (c == '"') break;
            if (c == '\\') {
                piece.append(escape());
            } else if (marker == '{' && (c == '{' || c == '}') && peek() == c) {
                advance();
                piece.append(c);
            } else if ((marker == '{' && c == '{') || (c == marker && match('{'))) {
                if (!piece.isEmpty()) parts.add(piece.toString());
                piece.setLength(0);
                parts.add(hole(openLine, openCol));
            } else {
                piece.append(c);
            }
        }
        if (!piece.isEmpty() || parts.isEmpty()) parts.add(piece.toString());
        return makeLiteral(type, parts);
    }

    /** Reads the tokens of an f-string hole up to its closing '}'; its opening is already consumed. */
    private Hole hole(int holeLine, int holeCol) {
        if (++fStringDepth > MAX_DEPTH) {
            throw new CompileError(holeLine, holeCol, "nesting is deeper than " + MAX_DEPTH + " levels");
        }
        // Scanning the hole overwrites the enclosing token's start; keep it.
        int savedPos = startPos;
        int savedLine = startLine;
        int savedCol = startCol;
        boolean savedStartsLine = startsLine;
        List<Token> tokens = new ArrayList<>();
        int braces = 0;
        while (true) {
            skipTrivia();
            markStart();
            if (isAtEnd()) {
                throw new CompileError(holeLine, holeCol, "f-string hole '{' is never closed; add '}'");
            }
            if (peek() == '}' && braces == 0) {
                advance();
                break;
            }
            Token token = scanToken();
            if (token.type() == LEFT_BRACE) braces++;
            if (token.type() == RIGHT_BRACE) braces--;
            tokens.add(token);
        }
        // The hole's own end marker, so that its parser stops at the '}'.
        tokens.add(new Token(EOF, "}", null, startLine, startCol, false));
        startPos = savedPos;
        startLine = savedLine;
        startCol = savedCol;
        startsLine = savedStartsLine;
        fStringDepth--;
        return new Hole(tokens, holeLine, holeCol);
    }

    // escape -> '\' ('n' | 't' | 'r' | '0' | '\' | '"' | '\'' | '{' | '}' | '$' | '#' | 'u{' hex+ '}')
    private String escape() {
        int escLine = line;
        int escCol = col - 1;
        if (isAtEnd()) throw unterminated("string");
        char c = advance();
        switch (c) {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case '0': return "\0";
            case '\\': case '"': case '\'': case '{': case '}': case '$': case '#': return String.valueOf(c);
            case 'u':
                if (match('{')) {
                    int hexStart = pos;
                    while (Character.digit(peek(), 16) >= 0) advance();
                    String hex = source.substring(hexStart, pos);
                    if (!hex.isEmpty() && hex.length() <= 6 && match('}')) {
                        int code = Integer.parseInt(hex, 16);
                        if (Character.isValidCodePoint(code)) return new String(Character.toChars(code));
                    }
                }
                throw new CompileError(escLine, escCol, "a unicode escape is written '\\u{hex digits}'");
            default:
                throw new CompileError(escLine, escCol,
                        "unknown escape '\\" + c + "'; write '\\\\' for a backslash");
        }
    }

    private CompileError unterminated(String what) {
        return new CompileError(startLine, startCol, what + " is never closed; add '\"'");
    }

    private Token make(TokenType type) {
        return new Token(type, source.substring(startPos, pos), null, startLine, startCol, startsLine);
    }

    private Token makeLiteral(TokenType type, Object value) {
        return new Token(type, source.substring(startPos, pos), value, startLine, startCol, startsLine);
    }

    private boolean match(char expected) {
        if (isAtEnd() || source.charAt(pos) != expected) return false;
        advance();
        return true;
    }

    private char advance() {
        char c = source.charAt(pos++);
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        return c;
    }

    private boolean isAtEnd() {
        return pos >= source.length();
    }

    private char peek() {
        return peekAt(0);
    }

    private char peekNext() {
        return peekAt(1);
    }

    private char peekAt(int ahead) {
        return pos + ahead < source.length() ? source.charAt(pos + ahead) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
