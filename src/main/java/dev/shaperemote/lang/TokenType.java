package dev.shaperemote.lang;

/** The kinds of token the {@link Lexer} produces, each operator, punctuation mark and keyword with its spelling. */
public enum TokenType {
    // Brackets and separators.
    LEFT_PAREN("("), RIGHT_PAREN(")"), LEFT_BRACKET("["), RIGHT_BRACKET("]"), LEFT_BRACE("{"), RIGHT_BRACE("}"),
    COMMA(","), SEMICOLON(";"), COLON(":"), COLON_COLON("::"),

    // Dots: field access, ranges, spread.
    DOT("."), DOT_DOT(".."), DOT_DOT_EQUAL("..="), DOT_DOT_DOT("..."),

    // Question marks: try, optional chaining, none-coalescing.
    QUESTION("?"), QUESTION_DOT("?."), QUESTION_QUESTION("??"),

    // Arithmetic and assignment.
    PLUS("+"), PLUS_EQUAL("+="), MINUS("-"), MINUS_EQUAL("-="), STAR("*"), STAR_EQUAL("*="), STAR_STAR("**"),
    SLASH("/"), SLASH_EQUAL("/="), PERCENT("%"), PERCENT_EQUAL("%="), STAR_STAR_EQUAL("**="), EQUAL("="),

    // Comparison, logic and bits.
    EQUAL_EQUAL("=="), BANG("!"), BANG_EQUAL("!="), BANG_BANG("!!"), LESS("<"), LESS_EQUAL("<="), LESS_LESS("<<"),
    GREATER(">"), GREATER_EQUAL(">="), GREATER_GREATER(">>"), AMP("&"), AMP_AMP("&&"), PIPE("|"), PIPE_PIPE("||"),
    CARET("^"), TILDE("~"), TILDE_EQUAL("~="), AT("@"),
    AMP_EQUAL("&="), PIPE_EQUAL("|="), CARET_EQUAL("^="), LESS_LESS_EQUAL("<<="), GREATER_GREATER_EQUAL(">>="),

    // Arrows.
    ARROW("->"), FAT_ARROW("=>"), PIPE_GREATER("|>"),

    // Literals and names.
    IDENTIFIER, INT, NUMBER, STRING, FSTRING, CSTRING,

    // Keywords. Words such as {@code type}, {@code mut} or {@code where} stay identifiers: the
    // parser recognises them by their text where they matter, so they remain usable as names.
    LET("let"), VAR("var"), CONST("const"), FN("fn"), FUNCTION("function"), ENUM("enum"), IF("if"), ELSE("else"),
    MATCH("match"), WHILE("while"), FOR("for"), IN("in"), LOOP("loop"), RETURN("return"), BREAK("break"),
    CONTINUE("continue"), TRUE("true"), FALSE("false"), NONE("None"), AND("and"), OR("or"), NOT("not"), IS("is"), AS("as"),

    EOF;

    /** The token's fixed spelling (an operator, punctuation mark or keyword); null for names, literals and EOF. */
    final String text;

    TokenType() { this(null); }

    TokenType(String text) { this.text = text; }
}
