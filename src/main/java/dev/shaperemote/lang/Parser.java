package dev.shaperemote.lang;

import static dev.shaperemote.lang.TokenType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Recursive-descent parser from Shape tokens to the AST of {@link Stmt}, {@link Expr} and
 * {@link Pattern}. Each grammar rule is one method, with the rule in a comment above it; the
 * binary operator levels share one precedence-climbing method (see {@link #binary}).
 *
 * <p>Line breaks matter in two places: a statement ends at a line break unless the expression is
 * clearly incomplete, and a '(' or '[' that starts a line begins a new statement rather than
 * calling or indexing the line before. A line that starts with '.', '?.', '|>' or a binary
 * operator that cannot begin an expression continues the line before.
 *
 * <p>Types are parsed only to be skipped, except where the AST keeps their text ({@code is},
 * {@code as}, and the binding of {@code let x: i8} or of a {@code n: int} pattern).
 */
public final class Parser {
    private static final int MAX_DEPTH = Lexer.MAX_DEPTH;

    /** Tokens that may begin an expression. */
    private static final Set<TokenType> EXPRESSION_STARTS = Set.of(
            INT, NUMBER, STRING, FSTRING, CSTRING, IDENTIFIER, TRUE, FALSE, NONE,
            LEFT_PAREN, LEFT_BRACKET, LEFT_BRACE, MINUS, BANG, BANG_BANG, NOT, TILDE, AMP,
            PIPE, PIPE_PIPE, FN, FUNCTION, IF, MATCH, WHILE, FOR, LOOP,
            RETURN, BREAK, CONTINUE, DOT_DOT, DOT_DOT_EQUAL);

    private static final TokenType[] ASSIGNMENT_OPERATORS = {
        EQUAL, PLUS_EQUAL, MINUS_EQUAL, STAR_EQUAL, SLASH_EQUAL, PERCENT_EQUAL, STAR_STAR_EQUAL,
        AMP_EQUAL, PIPE_EQUAL, CARET_EQUAL, LESS_LESS_EQUAL, GREATER_GREATER_EQUAL
    };

    /** Tokens that may follow 'pub'. */
    private static final Set<TokenType> DECLARATION_STARTS = Set.of(FN, FUNCTION, ENUM, LET, CONST, VAR, IDENTIFIER);

    /** Declarations the VM has nothing to run for; they are skipped as {@link Stmt.Ignored}. */
    private static final Set<String> IGNORED_DECLARATIONS = Set.of("interface", "struct");

    private final List<Token> tokens;
    private int current = 0;
    /** How many rules are open on the Java stack; past {@link #MAX_DEPTH} the parse stops. */
    private int depth;
    /** Set while parsing the head of if/while/for/match, where '{' opens the body. */
    private boolean noStructLiteral = false;

    /** Called every {@link CompileLimits#CHECK_EVERY} tokens; throws to stop the parse (a cancel). */
    private final Runnable checkpoint;

    private Parser(List<Token> tokens, int depth, Runnable checkpoint) {
        this.tokens = tokens;
        this.depth = depth;
        this.checkpoint = checkpoint;
    }

    /**
     * Parses a whole Shape program.
     *
     * @throws CompileError for any program that is not valid Shape, including one nested deeper
     *     than 256 levels
     */
    public static List<Stmt> parse(String source) { return parse(source, CompileLimits.NO_CHECK); }

    /** As {@link #parse(String)}, calling {@code checkpoint} every so many tokens (it throws to stop the parse). */
    public static List<Stmt> parse(String source, Runnable checkpoint) {
        try {
            return new Parser(new Lexer(source, checkpoint).tokenize(), 0, checkpoint).program();
        } catch (StackOverflowError e) {
            // The depth limit keeps the parser within a default 1 MB thread stack; this is the
            // backstop for a caller on a thread with a smaller one. Nothing is shared, so
            // nothing is left half-updated.
            throw new CompileError(1, 1, "the program is nested too deeply to parse on this thread's stack");
        }
    }

    // ---------------------------------------------------------------- statements

    // program → statement* EOF
    private List<Stmt> program() {
        List<Stmt> statements = new ArrayList<>();
        skipSemicolons();
        while (!isAtEnd()) {
            statements.add(statement());
            skipSemicolons();
        }
        return statements;
    }

    // statement → 'pub'? (letDecl | function | enumDecl | ignoredDecl) | exprStmt
    private Stmt statement() {
        if (check(AT)) return annotated();
        if (checkWord("annotation") && checkNext(IDENTIFIER) && peekAt(2).type() == LEFT_PAREN) return annotationDeclaration();
        if (checkWord("pub") && DECLARATION_STARTS.contains(peekAt(1).type()) && !peekAt(1).startsLine()) {
            advance();
        }
        if (check(LET) || check(VAR) || check(CONST)) return letDeclaration();
        if ((check(FN) || check(FUNCTION)) && checkNext(IDENTIFIER)) return function();
        if (check(ENUM)) return enumDeclaration();
        if (checkWord("type") && checkNext(IDENTIFIER)) return typeDeclaration();
        if (checkWord("mod") && checkNext(IDENTIFIER) && peekAt(2).type() == LEFT_BRACE) return moduleDeclaration();
        if (checkWord("trait") && checkNext(IDENTIFIER)) return traitDeclaration();
        if ((checkWord("impl") || checkWord("extend")) && checkNext(IDENTIFIER)) return implBlock();
        if (check(IDENTIFIER) && IGNORED_DECLARATIONS.contains(peek().text()) && checkNext(IDENTIFIER)) {
            return ignoredDeclaration();
        }
        return expressionStatement();
    }

    // letDecl → ('let' 'mut'? | 'var' | 'const') declarationPattern ('=' expression)? terminator
    private Stmt letDeclaration() {
        Token keyword = advance();
        boolean mutable = keyword.type() == VAR;
        if (keyword.type() == LET && checkWord("mut")) {
            advance();
            mutable = true;
        }
        if (!check(IDENTIFIER) && !check(LEFT_BRACKET) && !check(LEFT_BRACE) && !check(LEFT_PAREN)) {
            throw error(peek(), "expected a name or a destructuring pattern after '" + keyword.text() + "', found "
                    + peek().describe());
        }
        Pattern target = declarationPattern();
        Expr value = null;
        if (match(EQUAL)) value = expression();
        endStatement();
        return new Stmt.Let(target, mutable, value, keyword.type() == CONST, keyword.line());
    }

    // function → ('fn' | 'function') IDENTIFIER typeParameters? '(' parameters ')' ('->' type)? block
    private Stmt function() {
        Token keyword = advance();
        Token name = advance();
        skipTypeParameters();
        List<Expr.Param> params = parameterList();
        String returnType = match(ARROW) ? type() : null;
        skipWhereClause();
        Expr.Block body = block("the body of function '" + name.text() + "'");
        return new Stmt.Function(name.text(), params, returnType, body, keyword.line(), keyword.col());
    }

    // moduleDecl → 'mod' IDENTIFIER '{' statement* '}'
    private Stmt moduleDeclaration() {
        Token keyword = advance();
        Token name = advance();
        Token open = advance();
        enter(open);
        try {
            List<Stmt> body = new ArrayList<>();
            skipSemicolons();
            while (!check(RIGHT_BRACE) && !isAtEnd()) {
                body.add(statement());
                skipSemicolons();
            }
            closing(RIGHT_BRACE, open, "the module '" + name.text() + "'");
            return new Stmt.Module(name.text(), List.copyOf(body), keyword.line());
        } finally {
            exit();
        }
    }

    // annotated → ('@' IDENTIFIER ('(' arguments ')')?)+ statement
    private Stmt annotated() {
        List<Stmt.AnnotationUse> uses = new ArrayList<>();
        Token first = peek();
        while (check(AT)) {
            advance();
            Token name = consume(IDENTIFIER, "expected an annotation's name after '@', found " + peek().describe());
            List<Expr> args = new ArrayList<>();
            if (checkSameLine(LEFT_PAREN)) {
                Token open = advance();
                args.addAll(spreadableList(open, RIGHT_PAREN, "the annotation's arguments", start -> nestedExpression()));
            }
            uses.add(new Stmt.AnnotationUse(name.text(), List.copyOf(args), name.line(), name.col()));
        }
        return new Stmt.Annotated(List.copyOf(uses), statement(), first.line());
    }

    // annotationDecl → 'annotation' IDENTIFIER parameterList '{' member* '}'
    // member → 'targets' ':' '[' IDENTIFIER, … ']' | ('before' | 'after') parameterList block
    //        | 'comptime' IDENTIFIER parameterList '{' directive* '}'
    // directive → 'extend' 'target' '{' methodDef* '}' | 'replace' 'body' block | 'remove' 'target'
    //           | 'set' 'param' IDENTIFIER '=' expression
    private Stmt annotationDeclaration() {
        Token keyword = advance();
        Token name = advance();
        List<Expr.Param> params = parameterList();
        Token open = consume(LEFT_BRACE, "expected '{' to start annotation '" + name.text() + "', found " + peek().describe());
        List<String> targets = null;
        Stmt.Method before = null, after = null;
        List<Stmt.Directive> post = new ArrayList<>();
        skipSemicolons();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            Token member = consume(IDENTIFIER, "expected 'targets', 'before', 'after' or 'comptime' in annotation '" + name.text()
                    + "', found " + peek().describe());
            switch (member.text()) {
                case "targets" -> {
                    consume(COLON, "expected ':' after 'targets', found " + peek().describe());
                    Token list = consume(LEFT_BRACKET, "expected '[' and the kinds of declaration, found " + peek().describe());
                    targets = new ArrayList<>();
                    while (!check(RIGHT_BRACKET) && !isAtEnd()) {
                        targets.add(fieldName("a kind of declaration (function, type, ...)").text());
                        if (!match(COMMA)) break;
                    }
                    closing(RIGHT_BRACKET, list, "the targets");
                }
                case "before", "after" -> {
                    List<Expr.Param> hookParams = parameterList();
                    Expr.Block body = block("the '" + member.text() + "' hook of annotation '" + name.text() + "'");
                    Stmt.Method hook = new Stmt.Method(member.text(), hookParams, null, body, member.line(), member.col());
                    if (member.text().equals("before")) before = hook; else after = hook;
                }
                case "comptime" -> {
                    Token hook = consume(IDENTIFIER, "expected the comptime hook's name, found " + peek().describe());
                    if (!hook.text().equals("post")) throw error(hook, "the comptime hook here is 'post', not '" + hook.text() + "'");
                    parameterList();
                    post.addAll(directives(name.text()));
                }
                default -> throw error(member, "annotation '" + name.text() + "' has no member kind '" + member.text()
                        + "' (targets, before, after, comptime post)");
            }
            if (!match(SEMICOLON, COMMA) && !check(RIGHT_BRACE) && !peek().startsLine() && previous().type() != RIGHT_BRACE) {
                throw error(peek(), "expected a line break between the members of annotation '" + name.text() + "', found "
                        + peek().describe());
            }
            skipSemicolons();
        }
        closing(RIGHT_BRACE, open, "the annotation '" + name.text() + "'");
        return new Stmt.Annotation(name.text(), params, targets == null ? null : List.copyOf(targets), before, after,
                List.copyOf(post), keyword.line());
    }

    private List<Stmt.Directive> directives(String annotation) {
        Token open = consume(LEFT_BRACE, "expected '{' to start the comptime hook, found " + peek().describe());
        List<Stmt.Directive> out = new ArrayList<>();
        skipSemicolons();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            Token word = consume(IDENTIFIER, "expected a directive (extend target, replace body, remove target, set param), found "
                    + peek().describe());
            switch (word.text()) {
                case "extend" -> {
                    expectWord("target");
                    Token body = consume(LEFT_BRACE, "expected '{' and methods after 'extend target', found " + peek().describe());
                    List<Stmt.Method> methods = new ArrayList<>();
                    skipSemicolons();
                    while (!check(RIGHT_BRACE) && !isAtEnd()) {
                        if (!isMethodStart()) throw error(peek(), "expected 'method name() { ... }', found " + peek().describe());
                        methods.add(methodDefinition());
                        skipSemicolons();
                    }
                    closing(RIGHT_BRACE, body, "'extend target'");
                    out.add(new Stmt.ExtendTarget(List.copyOf(methods)));
                }
                case "replace" -> {
                    expectWord("body");
                    out.add(new Stmt.ReplaceBody(block("the new body")));
                }
                case "remove" -> {
                    expectWord("target");
                    out.add(new Stmt.RemoveTarget());
                }
                case "set" -> {
                    expectWord("param");
                    Token param = consume(IDENTIFIER, "expected the parameter's name, found " + peek().describe());
                    consume(EQUAL, "expected '=' and the parameter's default, found " + peek().describe());
                    out.add(new Stmt.SetParam(param.text(), expression()));
                }
                default -> throw error(word, "annotation '" + annotation + "': unknown comptime directive '" + word.text() + "'");
            }
            skipSemicolons();
        }
        closing(RIGHT_BRACE, open, "the comptime hook");
        return out;
    }

    private void expectWord(String word) {
        if (!checkWord(word)) throw error(peek(), "expected '" + word + "', found " + peek().describe());
        advance();
    }

    // whereClause → 'where' (tokens up to the '{' of the body): trait bounds, which the VM does not check
    private void skipWhereClause() {
        if (!checkWord("where")) return;
        while (!check(LEFT_BRACE) && !isAtEnd()) advance();
    }

    // typeDecl → 'type' IDENTIFIER typeParameters? ( '{' (field (',' | line break))* '}' | '=' type )
    // field → name ':' type ('=' expression)?
    // A 'type' that is neither (a native layout, annotated fields) is skipped as before.
    private Stmt typeDeclaration() {
        Token keyword = advance();
        Token name = advance();
        int start = current;
        skipTypeParameters();
        if (match(EQUAL)) {
            String target = type();
            endStatement();
            return new Stmt.TypeAlias(name.text(), target, keyword.line());
        }
        if (check(LEFT_BRACE)) {
            Token open = advance();
            List<Stmt.Field> fields = new ArrayList<>();
            boolean plain = true;
            while (!check(RIGHT_BRACE) && !isAtEnd() && plain) {
                boolean comptime = checkWord("comptime") && isName(peekAt(1));
                if (comptime) advance();
                if (!isName(peek()) || peekAt(1).type() != COLON) {
                    plain = false;
                    break;
                }
                String field = advance().text();
                advance();
                String type = type();
                fields.add(new Stmt.Field(field, type, match(EQUAL) ? nestedExpression() : null, comptime));
                if (!match(COMMA) && !check(RIGHT_BRACE) && !peek().startsLine()) plain = false;
            }
            if (plain) {
                closing(RIGHT_BRACE, open, "the fields of type '" + name.text() + "'");
                return new Stmt.TypeDecl(name.text(), List.copyOf(fields), keyword.line());
            }
        }
        current = start;
        while (!check(LEFT_BRACE) && !isAtEnd()) advance();
        skipBalancedBraces("the type declaration");
        return new Stmt.TypeDecl(name.text(), null, keyword.line());
    }

    // traitDecl → 'trait' IDENTIFIER typeParameters? (':' typeName ('+' typeName)*)? '{' member* '}'
    // member → methodDef | 'type' IDENTIFIER (':' bounds)? ';'? | name '?'? ( parameterList )? (':' type)? (';' | ',')?
    private Stmt traitDeclaration() {
        Token keyword = advance();
        Token name = advance();
        skipTypeParameters();
        if (match(COLON)) {
            typeName();
            while (match(PLUS)) typeName();
        }
        Token open = consume(LEFT_BRACE, "expected '{' to start the body of trait '" + name.text() + "', found " + peek().describe());
        List<String> required = new ArrayList<>();
        List<Stmt.Method> provided = new ArrayList<>();
        skipSemicolons();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            if (isMethodStart()) {
                provided.add(methodDefinition());
            } else if (checkWord("type") && checkNext(IDENTIFIER)) {
                advance();
                advance();
                if (match(COLON)) {
                    typeName();
                    while (match(PLUS)) typeName();
                }
            } else {
                Token member = fieldName("a method signature or 'method name() { ... }' in trait '" + name.text() + "'");
                match(QUESTION);
                boolean method = check(LEFT_PAREN); // 'name: Type' is a property, which a field provides
                if (method) parameterList();
                if (match(COLON)) type();
                if (method) required.add(member.text());
            }
            if (!match(SEMICOLON, COMMA) && !check(RIGHT_BRACE) && !peek().startsLine() && previous().type() != RIGHT_BRACE) {
                throw error(peek(), "expected ';', ',' or a line break between the members of trait '" + name.text()
                        + "', found " + peek().describe());
            }
            skipSemicolons();
        }
        closing(RIGHT_BRACE, open, "the trait '" + name.text() + "'");
        return new Stmt.Trait(name.text(), List.copyOf(required), List.copyOf(provided), keyword.line());
    }

    // implBlock → 'impl' typeName ('for' typeName)? ('as' IDENTIFIER)? whereClause? '{' implMember* '}'
    //           | 'extend' typeName '{' methodDef* '}'
    // implMember → methodDef | 'type' IDENTIFIER '=' type ';'?
    private Stmt implBlock() {
        Token keyword = advance();
        String first = typeName();
        String trait = null;
        String target = first;
        String implName = null;
        if (keyword.text().equals("impl")) {
            if (match(FOR)) {
                trait = first;
                target = typeName();
            }
            if (match(AS)) implName = consume(IDENTIFIER, "expected the implementation's name after 'as', found " + peek().describe()).text();
            skipWhereClause();
        }
        String what = keyword.text() + " " + (trait == null ? "" : trait + " for ") + target;
        Token open = consume(LEFT_BRACE, "expected '{' to start the body of '" + what + "', found " + peek().describe());
        List<Stmt.Method> methods = new ArrayList<>();
        skipSemicolons();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            if (isMethodStart()) {
                methods.add(methodDefinition());
            } else if (checkWord("type") && checkNext(IDENTIFIER)) {
                advance();
                advance();
                consume(EQUAL, "expected '=' and a type in the associated type of '" + what + "', found " + peek().describe());
                type();
            } else {
                throw error(peek(), "expected 'method name() { ... }' in '" + what + "', found " + peek().describe());
            }
            skipSemicolons();
        }
        closing(RIGHT_BRACE, open, "'" + what + "'");
        return new Stmt.Impl(trait, target, implName, List.copyOf(methods), keyword.line());
    }

    // typeName → IDENTIFIER ('::' IDENTIFIER)* typeArguments?; the generic arguments are dropped
    private String typeName() {
        StringBuilder name = new StringBuilder(consume(IDENTIFIER, "expected a type name, found " + peek().describe()).text());
        while (match(COLON_COLON)) name.append("::").append(consume(IDENTIFIER, "expected a name after '::', found " + peek().describe()).text());
        skipTypeParameters();
        return name.toString();
    }

    private boolean isMethodStart() {
        int at = checkWord("async") ? 1 : 0;
        Token keyword = peekAt(at);
        boolean word = keyword.type() == FN || keyword.type() == FUNCTION
                || keyword.type() == IDENTIFIER && keyword.text().equals("method");
        return word && isName(peekAt(at + 1));
    }

    // methodDef → 'async'? ('method' | 'fn' | 'function') name typeParameters? parameterList (('->' | ':') type)? whereClause? block
    private Stmt.Method methodDefinition() {
        if (checkWord("async")) advance();
        Token keyword = advance();
        Token name = fieldName("a method name");
        skipTypeParameters();
        List<Expr.Param> params = parameterList();
        String returnType = match(ARROW) || match(COLON) ? type() : null;
        skipWhereClause();
        Expr.Block body = block("the body of method '" + name.text() + "'");
        return new Stmt.Method(name.text(), params, returnType, body, keyword.line(), keyword.col());
    }

    // parameterList → '(' (parameter (',' parameter)* ','?)? ')'
    private List<Expr.Param> parameterList() {
        Token open = consume(LEFT_PAREN, "expected '(' to start the parameter list");
        List<Expr.Param> params = new ArrayList<>();
        while (!check(RIGHT_PAREN) && !isAtEnd()) {
            params.add(parameter(false));
            if (!match(COMMA)) break;
        }
        closing(RIGHT_PAREN, open, "the parameter list");
        return params;
    }

    // parameter → 'mut'? IDENTIFIER (':' type)? ('=' expression)? | pattern (':' type)? ('=' expression)?
    // A plain name gives Param(name, null, default); a destructuring one Param(null, pattern, default).
    // Between a lambda's '|'s, a '|' ends the parameter: no union types, no bitwise-or default.
    private Expr.Param parameter(boolean inLambda) {
        String name = null;
        Pattern pattern = null;
        boolean reference = false;
        if (check(AMP) && !inLambda) {
            advance();
            reference = true;
            if (checkWord("mut") && checkNext(IDENTIFIER)) advance();
            name = consume(IDENTIFIER, "expected a parameter name after '&', found " + peek().describe()).text();
        } else if (check(IDENTIFIER)) {
            if (checkWord("mut") && checkNext(IDENTIFIER)) advance();
            name = advance().text();
        } else if (!inLambda && isName(peek()) && (checkNext(COMMA) || checkNext(RIGHT_PAREN) || checkNext(COLON))) {
            name = advance().text(); // a keyword as a parameter's name ('fn', 'type'): declared, never read
        } else if (check(LEFT_BRACKET) || check(LEFT_BRACE) || check(LEFT_PAREN)) {
            pattern = primaryPattern();
        } else {
            throw error(peek(), "expected a parameter name, found " + peek().describe());
        }
        if (match(COLON)) type(!inLambda);
        Expr defaultValue = null;
        if (match(EQUAL)) defaultValue = inLambda ? unary() : expression();
        return new Expr.Param(name, pattern, defaultValue, reference);
    }

    // enumDecl → 'enum' IDENTIFIER typeParameters? '{' (variant (',' | ';' | line break))* '}'
    private Stmt enumDeclaration() {
        Token keyword = advance();
        Token name = consume(IDENTIFIER, "expected the enum's name after 'enum'");
        skipTypeParameters();
        Token open = consume(LEFT_BRACE, "expected '{' to start the variants of enum '" + name.text() + "'");
        List<Stmt.Variant> variants = new ArrayList<>();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            variants.add(variant());
            if (!match(COMMA, SEMICOLON) && !check(RIGHT_BRACE) && !peek().startsLine()) {
                throw error(peek(), "expected ',' between enum variants, found " + peek().describe());
            }
        }
        closing(RIGHT_BRACE, open, "the enum '" + name.text() + "'");
        return new Stmt.Enum(name.text(), variants, keyword.line());
    }

    // variant → IDENTIFIER ( '(' type (',' type)* ')' | '{' (IDENTIFIER ':' type ','?)* '}' )? ('=' expression)?
    // A tuple variant has payloadCount types and no field names; a struct variant has one
    // payload per field name.
    private Stmt.Variant variant() {
        Token name = consume(IDENTIFIER, "expected a variant name, found " + peek().describe());
        int payloadCount = 0;
        List<String> fieldNames = new ArrayList<>();
        if (check(LEFT_PAREN)) {
            Token open = advance();
            while (!check(RIGHT_PAREN) && !isAtEnd()) {
                type();
                payloadCount++;
                if (!match(COMMA)) break;
            }
            closing(RIGHT_PAREN, open, "the payload of variant '" + name.text() + "'");
        } else if (check(LEFT_BRACE)) {
            Token open = advance();
            while (!check(RIGHT_BRACE) && !isAtEnd()) {
                fieldNames.add(fieldName("a field name").text());
                consume(COLON, "expected ':' and a type after the field name");
                type();
                if (!match(COMMA) && !check(RIGHT_BRACE) && !peek().startsLine()) {
                    throw error(peek(), "expected ',' between fields, found " + peek().describe());
                }
            }
            closing(RIGHT_BRACE, open, "the fields of variant '" + name.text() + "'");
            payloadCount = fieldNames.size();
        }
        if (match(EQUAL)) expression();
        return new Stmt.Variant(name.text(), payloadCount, List.copyOf(fieldNames));
    }

    // ignoredDecl → ('type' | 'interface' | 'struct' | 'trait' | 'impl') (tokens up to a balanced '{...}'
    //              | 'type' IDENTIFIER '=' type)
    private Stmt ignoredDeclaration() {
        Token keyword = advance();
        while (!check(LEFT_BRACE) && !check(EQUAL) && !isAtEnd()) advance();
        if (match(EQUAL)) {
            type();
            endStatement();
        } else {
            skipBalancedBraces("the " + keyword.text() + " declaration");
        }
        return new Stmt.Ignored(keyword.text(), keyword.line());
    }

    // Skips '{' ... '}' with any tokens inside, counting braces instead of recursing.
    private void skipBalancedBraces(String what) {
        Token open = consume(LEFT_BRACE, "expected '{' to start " + what + ", found " + peek().describe());
        int braces = 1;
        while (braces > 0) {
            if (isAtEnd()) closing(RIGHT_BRACE, open, what);
            TokenType type = advance().type();
            if (type == LEFT_BRACE) braces++;
            if (type == RIGHT_BRACE) braces--;
        }
    }

    // exprStmt → expression terminator
    private Stmt expressionStatement() {
        Token start = peek();
        Expr expr = check(LEFT_BRACE) ? braced(false) : expression();
        endStatement();
        return new Stmt.ExprStmt(expr, start.line());
    }

    // terminator → ';' | line break | before '}' or the end | after a '}' that closed a body
    private void endStatement() {
        if (match(SEMICOLON)) return;
        if (check(RIGHT_BRACE) || isAtEnd() || peek().startsLine() || previous().type() == RIGHT_BRACE) return;
        throw error(peek(), "expected ';' or a line break after the statement, found " + peek().describe());
    }

    // block → '{' statement* '}'
    // The last statement becomes the tail when it is an expression not followed by ';'.
    private Expr.Block block(String what) {
        Token open = consume(LEFT_BRACE, "expected '{' to start " + what + ", found " + peek().describe());
        enter(open);
        boolean savedNoStruct = noStructLiteral;
        noStructLiteral = false;
        try {
            List<Stmt> statements = new ArrayList<>();
            Expr tail = null;
            skipSemicolons();
            while (!check(RIGHT_BRACE) && !isAtEnd()) {
                Stmt statement = statement();
                boolean terminated = previous().type() == SEMICOLON;
                skipSemicolons();
                if (statement instanceof Stmt.ExprStmt e && !terminated && check(RIGHT_BRACE)) {
                    tail = e.expr();
                } else {
                    statements.add(statement);
                }
            }
            closing(RIGHT_BRACE, open, what);
            return new Expr.Block(statements, tail, open.line(), open.col());
        } finally {
            noStructLiteral = savedNoStruct;
            exit();
        }
    }

    // ---------------------------------------------------------------- expressions

    // expression → assignment
    private Expr expression() {
        return expression(noStructLiteral);
    }

    private Expr expression(boolean noStruct) {
        boolean saved = noStructLiteral;
        noStructLiteral = noStruct;
        enter(peek());
        try {
            return assignment();
        } finally {
            exit();
            noStructLiteral = saved;
        }
    }

    // assignment → pipe (('=' | '+=' | '-=' | '*=' | '/=' | '%=' | '**=' | '&=' | '|=' | '^=' | '<<=' | '>>=')
    //              expression)?
    private Expr assignment() {
        Expr target = pipe();
        if (match(ASSIGNMENT_OPERATORS)) {
            Token operator = previous();
            if (!(target instanceof Expr.Var || target instanceof Expr.Field || target instanceof Expr.Index)) {
                throw error(operator, "can only assign to a variable, a field or an element, not to this expression");
            }
            Expr value = expression();
            String op = operator.type() == EQUAL ? null : operator.text().substring(0, operator.text().length() - 1);
            return new Expr.Assign(target, op, value, target.line(), target.col());
        }
        return target;
    }

    // pipe → coalesce ('|>' coalesce)*
    // x |> f is f(x); x |> f(a) is f(x, a); x |> o.m(a) is o.m(x, a).
    private Expr pipe() {
        Expr expr = binary(LOOSEST);
        while (matchContinuing(PIPE_GREATER)) {
            Expr stage = binary(LOOSEST);
            List<Expr> args = new ArrayList<>();
            args.add(expr);
            if (stage instanceof Expr.Call call) {
                args.addAll(call.args());
                expr = new Expr.Call(call.callee(), args, expr.line(), expr.col());
            } else if (stage instanceof Expr.MethodCall call) {
                args.addAll(call.args());
                expr = new Expr.MethodCall(call.receiver(), call.name(), args, call.optional(), expr.line(), expr.col());
            } else {
                expr = new Expr.Call(stage, args, expr.line(), expr.col());
            }
        }
        return expr;
    }

    // The binary operators, loosest first. Each line is one left-associative grammar rule:
    //   coalesce   → or ('??' or)*
    //   or         → and (('||' | 'or') and)*
    //   and        → bitOr (('&&' | 'and') bitOr)*
    //   bitOr      → bitXor ('|' bitXor)*
    //   bitXor     → bitAnd ('^' bitAnd)*
    //   bitAnd     → equality ('&' equality)*
    //   equality   → comparison (('==' | '!=') comparison | '~=' comparison ('within' comparison)?)*
    //   comparison → range (('<' | '<=' | '>' | '>=') range | 'is' type)*
    //   range      → shift (('..' | '..=') shift?)? | ('..' | '..=') shift?
    //   shift      → term (('<<' | '>>') term)*
    //   term       → factor (('+' | '-') factor)*
    //   factor     → unary (('*' | '/' | '%') unary)*
    // They are parsed by precedence climbing in one method rather than one method per rule, so
    // that each level of parentheses costs a handful of Java frames instead of a dozen more.
    private static final int LOOSEST = 1;
    private static final int RANGE = 9;
    private static final Map<TokenType, Integer> PRECEDENCE = Map.ofEntries(
            Map.entry(QUESTION_QUESTION, 1),
            Map.entry(PIPE_PIPE, 2), Map.entry(OR, 2),
            Map.entry(AMP_AMP, 3), Map.entry(AND, 3),
            Map.entry(PIPE, 4),
            Map.entry(CARET, 5),
            Map.entry(AMP, 6),
            Map.entry(EQUAL_EQUAL, 7), Map.entry(BANG_EQUAL, 7), Map.entry(TILDE_EQUAL, 7),
            Map.entry(LESS, 8), Map.entry(LESS_EQUAL, 8), Map.entry(GREATER, 8), Map.entry(GREATER_EQUAL, 8),
            Map.entry(IS, 8),
            Map.entry(DOT_DOT, RANGE), Map.entry(DOT_DOT_EQUAL, RANGE),
            Map.entry(LESS_LESS, 10), Map.entry(GREATER_GREATER, 10),
            Map.entry(PLUS, 11), Map.entry(MINUS, 11),
            Map.entry(STAR, 12), Map.entry(SLASH, 12), Map.entry(PERCENT, 12));

    // binary(minLevel) → (prefixRange | unary) (operator binary(level of operator + 1))*
    // where each operator's level is at least minLevel; binary(LOOSEST) is the rule coalesce.
    private Expr binary(int minLevel) {
        Expr expr = minLevel <= RANGE && check(DOT_DOT, DOT_DOT_EQUAL) ? prefixRange() : unary();
        while (true) {
            Integer level = PRECEDENCE.get(peek().type());
            if (level == null || level < minLevel || !continuesLine(peek())) return expr;
            Token operator = advance();
            expr = switch (operator.type()) {
                case PIPE_PIPE, OR -> logical("||", expr, binary(level + 1));
                case AMP_AMP, AND -> logical("&&", expr, binary(level + 1));
                case IS -> new Expr.Is(expr, type(), expr.line(), expr.col());
                case TILDE_EQUAL -> approximatelyEqual(operator, expr, binary(level + 1));
                case DOT_DOT, DOT_DOT_EQUAL ->
                    new Expr.Range(expr, rangeEnd(), operator.type() == DOT_DOT_EQUAL, expr.line(), expr.col());
                default -> new Expr.Binary(operator.text(), expr, binary(level + 1), expr.line(), expr.col());
            };
        }
    }

    private static Expr logical(String op, Expr left, Expr right) {
        return new Expr.Logical(op, left, right, left.line(), left.col());
    }

    // a ~= b within t is Binary("~=", a, Binary("within", b, t)).
    private Expr approximatelyEqual(Token operator, Expr left, Expr right) {
        if (checkWord("within")) {
            Token within = advance();
            right = new Expr.Binary(within.text(), right, binary(PRECEDENCE.get(TILDE_EQUAL) + 1), right.line(), right.col());
        }
        return new Expr.Binary(operator.text(), left, right, left.line(), left.col());
    }

    // The start of a range may be left out: ..5, ..=5, arr[..2].
    private Expr prefixRange() {
        Token operator = advance();
        return new Expr.Range(null, rangeEnd(), operator.type() == DOT_DOT_EQUAL, operator.line(), operator.col());
    }

    // The end of a range is left out when nothing that could be one follows (2.., arr[1..]).
    private Expr rangeEnd() {
        boolean hasEnd = EXPRESSION_STARTS.contains(peek().type()) && !peek().startsLine()
                && !(check(LEFT_BRACE) && noStructLiteral);
        return hasEnd ? binary(RANGE + 1) : null;
    }

    // unary → ('-' | '!' | '!!' | 'not' | '~') unary | power
    // A minus directly on a number literal is folded into the literal (so i64::MIN is writable).
    private Expr unary() {
        if (check(AMP)) return reference();
        if (!match(MINUS, BANG, BANG_BANG, NOT, TILDE)) return power();
        Token operator = previous();
        enter(operator);
        try {
            if (operator.type() == MINUS && check(INT) && peek().literal() == null) {
                advance();
                return new Expr.Literal(Long.MIN_VALUE, operator.line(), operator.col());
            }
            Expr operand = unary();
            int line = operator.line();
            int col = operator.col();
            return switch (operator.type()) {
                case MINUS -> negate(operand, line, col);
                case BANG_BANG -> new Expr.Unary("!", new Expr.Unary("!", operand, line, col + 1), line, col);
                case TILDE -> new Expr.Unary("~", operand, line, col);
                default -> new Expr.Unary("!", operand, line, col);
            };
        } finally {
            exit();
        }
    }

    // reference → '&' 'mut'? unary
    private Expr reference() {
        Token amp = advance();
        enter(amp);
        try {
            boolean mutable = checkWord("mut") && EXPRESSION_STARTS.contains(peekAt(1).type()) && !peekAt(1).startsLine();
            if (mutable) advance();
            return new Expr.Ref(unary(), mutable, amp.line(), amp.col());
        } finally {
            exit();
        }
    }

    private static Expr negate(Expr operand, int line, int col) {
        if (operand instanceof Expr.Literal literal && literal.value() instanceof Long n) {
            return new Expr.Literal(-n, line, col);
        }
        if (operand instanceof Expr.Literal literal && literal.value() instanceof Double d) {
            return new Expr.Literal(-d, line, col);
        }
        return new Expr.Unary("-", operand, line, col);
    }

    // power → cast ('**' unary)?
    // Right-associative, and tighter than a unary minus on its left: -2 ** 2 is -(2 ** 2).
    private Expr power() {
        Expr expr = cast();
        if (matchContinuing(STAR_STAR)) {
            enter(previous());
            try {
                expr = new Expr.Binary("**", expr, unary(), expr.line(), expr.col());
            } finally {
                exit();
            }
        }
        return expr;
    }

    // cast → call ('as' type)*
    private Expr cast() {
        Expr expr = call();
        while (matchContinuing(AS)) {
            expr = new Expr.Cast(expr, type(), expr.line(), expr.col());
        }
        return expr;
    }

    // call → primary postfix*
    // postfix → '(' arguments ')' | '[' expression ']' | ('.' | '?.') name ('(' arguments ')')?
    //         | '?' | '!!' contextValue
    // '(' and '[' on a new line start a new statement; '.' and '?.' on a new line continue a chain.
    private Expr call() {
        return postfixes(primary(), true);
    }

    // contextValue → primary (postfix other than '?' and '!!')*
    // So Err(e) !! "context"? adds the context first and then tries the result.
    private Expr contextValue() {
        return postfixes(primary(), false);
    }

    private Expr postfixes(Expr expr, boolean withTryAndContext) {
        while (true) {
            if (checkSameLine(LEFT_PAREN)) {
                Token open = advance();
                expr = new Expr.Call(expr, arguments(open), expr.line(), expr.col());
            } else if (checkSameLine(LEFT_BRACKET)) {
                Token open = advance();
                Expr index = nestedExpression();
                closing(RIGHT_BRACKET, open, "the index");
                expr = new Expr.Index(expr, index, expr.line(), expr.col());
            } else if (match(DOT, QUESTION_DOT)) {
                boolean optional = previous().type() == QUESTION_DOT;
                Token name = fieldName("a field or method name after '" + previous().text() + "'");
                if (checkSameLine(LEFT_PAREN)) {
                    Token open = advance();
                    expr = new Expr.MethodCall(expr, name.text(), arguments(open), optional, expr.line(), expr.col());
                } else {
                    expr = new Expr.Field(expr, name.text(), optional, expr.line(), expr.col());
                }
            } else if (withTryAndContext && checkSameLine(QUESTION)) {
                advance();
                expr = new Expr.Try(expr, expr.line(), expr.col());
            } else if (withTryAndContext && checkSameLine(BANG_BANG)) {
                advance();
                expr = new Expr.Binary("!!", expr, contextValue(), expr.line(), expr.col());
            } else {
                return expr;
            }
        }
    }

    // arguments → (argument (',' argument)* ','?)?      (the '(' is already consumed)
    // argument → '...' expression | IDENTIFIER ':' expression | expression
    private List<Expr> arguments(Token open) {
        return spreadableList(open, RIGHT_PAREN, "the call", start -> {
            if (check(IDENTIFIER) && checkNext(COLON)) {
                advance();
                advance();
                return new Expr.NamedArg(start.text(), nestedExpression(), start.line(), start.col());
            }
            return nestedExpression();
        });
    }

    // The items of a call, array or object up to its closing token ('open' is already consumed):
    // item (',' item)* ','? where any item may be '...' expression.
    private List<Expr> spreadableList(Token open, TokenType close, String what, Function<Token, Expr> item) {
        List<Expr> items = new ArrayList<>();
        while (!check(close) && !isAtEnd()) {
            Token start = peek();
            items.add(match(DOT_DOT_DOT) ? new Expr.Spread(nestedExpression(), start.line(), start.col()) : item.apply(start));
            if (!match(COMMA)) break;
        }
        closing(close, open, what);
        return items;
    }

    // primary → literal | fString | IDENTIFIER | path | structLiteral | group | array | braced
    //         | lambda | anonymousFunction | if | match | while | for | loop | return | break | continue
    private Expr primary() {
        Token token = peek();
        return switch (token.type()) {
            case INT, NUMBER, STRING -> {
                advance();
                if (token.literal() == null) {
                    throw error(token, "integer literal " + token.text() + " does not fit in 64 bits");
                }
                yield new Expr.Literal(token.literal(), token.line(), token.col());
            }
            case TRUE, FALSE -> {
                advance();
                yield new Expr.Literal(token.type() == TRUE, token.line(), token.col());
            }
            case NONE -> {
                advance();
                yield new Expr.Literal(null, token.line(), token.col());
            }
            case FSTRING -> {
                advance();
                yield fString(token);
            }
            case CSTRING -> {
                advance();
                yield contentString(token);
            }
            case IDENTIFIER -> isQueryAhead() ? query() : checkWord("comptime") && checkNext(LEFT_BRACE) ? comptimeBlock() : identifier();
            case LEFT_PAREN -> group();
            case LEFT_BRACKET -> array();
            case LEFT_BRACE -> braced(true);
            case PIPE, PIPE_PIPE -> lambda();
            case FN, FUNCTION -> anonymousFunction();
            case IF -> ifExpression();
            case MATCH -> matchExpression();
            case WHILE -> whileExpression();
            case FOR -> forExpression();
            case LOOP -> {
                advance();
                yield new Expr.Loop(block("the body of 'loop'"), token.line(), token.col());
            }
            case RETURN -> {
                advance();
                yield new Expr.Return(optionalValue(), token.line(), token.col());
            }
            case BREAK -> {
                advance();
                yield new Expr.Break(optionalValue(), token.line(), token.col());
            }
            case CONTINUE -> {
                advance();
                yield new Expr.Continue(token.line(), token.col());
            }
            case AT -> throw error(token, "an annotation cannot be applied to an expression; annotate a function or a type");
            default -> throw error(token, "expected an expression, found " + token.describe());
        };
    }

    // The value of 'return' or 'break' is on the same line, if there is one.
    private Expr optionalValue() {
        if (peek().startsLine() || !EXPRESSION_STARTS.contains(peek().type())) return null;
        return expression();
    }

    // identifier → IDENTIFIER ('::' IDENTIFIER)? structBody?
    // Enum::Variant is a Path; Enum::Variant { x: 1 } calls the path with named arguments;
    // Name { x: 1 } (a value of a declared type) is an object literal.
    private Expr identifier() {
        Token name = advance();
        Expr expr = new Expr.Var(name.text(), name.line(), name.col());
        if (match(COLON_COLON)) {
            Token variant = consume(IDENTIFIER, "expected a variant name after '" + name.text() + "::', found " + peek().describe());
            expr = new Expr.Path(name.text(), variant.text(), name.line(), name.col());
        }
        boolean typeName = Character.isUpperCase(name.text().charAt(0));
        if (typeName && !noStructLiteral && checkSameLine(LEFT_BRACE) && (isObjectAhead(false) || checkNext(RIGHT_BRACE))) {
            Expr.ObjectLit fields = objectLiteral();
            if (expr instanceof Expr.Var) return new Expr.StructLit(name.text(), fields.entries(), name.line(), name.col());
            List<Expr> args = new ArrayList<>();
            for (Expr entry : fields.entries()) {
                if (!(entry instanceof Expr.ObjectEntry e)) {
                    throw error(name, "a variant's fields cannot be spread; name each field");
                }
                args.add(new Expr.NamedArg(e.key(), e.value(), e.line(), e.col()));
            }
            return new Expr.Call(expr, args, name.line(), name.col());
        }
        return expr;
    }

    // fString → FSTRING, whose holes are parsed here, each as one expression
    private Expr fString(Token token) {
        List<Object> parts = new ArrayList<>();
        for (Object part : (List<?>) token.literal()) {
            if (part instanceof Lexer.Hole hole) {
                if (hole.tokens().size() == 1) {
                    throw new CompileError(hole.line(), hole.col(), "empty '{}' in f-string; put an expression in it");
                }
                Parser holeParser = new Parser(hole.tokens(), depth, checkpoint);
                Expr expr = holeParser.expression();
                if (!holeParser.isAtEnd()) {
                    throw error(holeParser.peek(), "expected '}' to end the f-string hole, found "
                            + holeParser.peek().describe());
                }
                parts.add(expr);
            } else {
                parts.add(part);
            }
        }
        return new Expr.FString(parts, token.line(), token.col());
    }

    // comptimeBlock → 'comptime' block: Shape evaluates it while compiling; here it is an ordinary block,
    // evaluated where it stands, which gives the same value for the code it may hold (no I/O, no state).
    private Expr comptimeBlock() {
        advance();
        return block("the comptime block");
    }

    private boolean isQueryAhead() {
        return checkWord("from") && peekAt(1).type() == IDENTIFIER && peekAt(2).type() == IN;
    }

    // query → 'from' NAME 'in' expression clause* 'select' expression
    // clause → 'where' expression | ('orderby' | 'order' 'by') expression ('asc' | 'desc')? | 'let' NAME '=' expression
    //        | 'join' NAME 'in' expression 'on' expression 'equals' expression
    //        | 'group' expression 'by' expression ('into' NAME)?
    // The query is a method chain on the source, each clause a lambda of the range variable: where is
    // filter, orderby sortBy, select map. As in Shape, a let or join clause binds nothing: naming its
    // variable later is an undefined variable. A group clause parses (so a query that is wrong after it
    // gets the same parse error as in Shape) but is refused at its select.
    private Expr query() {
        Token from = advance();
        Token variable = advance();
        advance(); // 'in'
        Expr chain = headExpression();
        Token group = null;
        while (true) {
            if (checkWord("where")) {
                Token where = advance();
                chain = queryStep(chain, "filter", variable, headExpression(), null, where);
            } else if (checkWord("orderby") || checkWord("order") && peekAt(1).type() == IDENTIFIER && peekAt(1).text().equals("by")) {
                Token orderby = advance();
                if (orderby.text().equals("order")) advance(); // 'by'
                Expr key = headExpression();
                String direction = checkWord("asc") || checkWord("desc") ? advance().text() : "asc";
                chain = queryStep(chain, "sortBy", variable, key, direction, orderby);
            } else if (check(LET)) {
                advance();
                consume(IDENTIFIER, "expected a name after 'let' in the query, found " + peek().describe());
                consume(EQUAL, "expected '=' in the query's let clause, found " + peek().describe());
                headExpression();
            } else if (checkWord("join")) {
                advance();
                consume(IDENTIFIER, "expected a name after 'join', found " + peek().describe());
                consume(IN, "expected 'in' in the join clause, found " + peek().describe());
                headExpression();
                expectWord("on");
                headExpression();
                expectWord("equals");
                headExpression();
            } else if (checkWord("group")) {
                group = advance();
                headExpression();
                expectWord("by");
                headExpression();
                if (checkWord("into")) {
                    advance();
                    consume(IDENTIFIER, "expected a name after 'into', found " + peek().describe());
                }
            } else if (checkWord("select")) {
                Token select = advance();
                if (group != null) {
                    throw error(group, "a query's 'group … by' clause is not supported here: group the array with "
                            + "xs.groupBy(|x| key) and query the groups");
                }
                return queryStep(chain, "map", variable, headExpression(), null, select);
            } else {
                // Shape's parser says "expected something else" here; the words are kept so messages match.
                throw error(peek(), "found " + peek().describe() + " where the query begun at line " + from.line()
                        + " expected something else: a clause (where, orderby, let, join, group) or 'select' to end it");
            }
        }
    }

    private static Expr queryStep(Expr source, String method, Token variable, Expr body, String extra, Token at) {
        Expr lambda = new Expr.Lambda(List.of(new Expr.Param(variable.text(), null, null)), body, at.line(), at.col());
        List<Expr> args = extra == null ? List.of(lambda) : List.of(lambda, new Expr.Literal(extra, at.line(), at.col()));
        return new Expr.MethodCall(source, method, args, false, at.line(), at.col());
    }

    // contentString → CSTRING: c"text {expr} {expr:style, style(arg)}"
    // It is the call __content(part, ...) of its pieces: a string, a hole's value, or for a hole with a
    // ':' spec __content_styled(value, "style,style(arg)").
    private Expr contentString(Token token) {
        List<Expr> parts = new ArrayList<>();
        int line = token.line(), col = token.col();
        for (Object part : (List<?>) token.literal()) {
            if (!(part instanceof Lexer.Hole hole)) {
                parts.add(new Expr.Literal(part, line, col));
                continue;
            }
            if (hole.tokens().size() == 1) throw new CompileError(hole.line(), hole.col(), "empty '{}' in content string; put an expression in it");
            Parser holeParser = new Parser(hole.tokens(), depth, checkpoint);
            Expr expr = holeParser.expression();
            if (holeParser.match(COLON)) {
                StringBuilder spec = new StringBuilder();
                while (!holeParser.isAtEnd()) spec.append(holeParser.advance().text());
                if (spec.isEmpty()) throw new CompileError(hole.line(), hole.col(), "empty style after ':' in a content string hole");
                expr = new Expr.Call(new Expr.Var("__content_styled", hole.line(), hole.col()),
                        List.of(expr, new Expr.Literal(spec.toString(), hole.line(), hole.col())), hole.line(), hole.col());
            }
            if (!holeParser.isAtEnd()) {
                throw error(holeParser.peek(), "expected ':' and styles or '}' to end the content string hole, found "
                        + holeParser.peek().describe());
            }
            parts.add(expr);
        }
        return new Expr.Call(new Expr.Var("__content", line, col), parts, line, col);
    }

    // group → '(' expression ')' | '(' ')' | '(' expression (',' expression)+ ','? ')'
    // '()' is the unit value (None); a tuple is an array.
    private Expr group() {
        Token open = advance();
        if (match(RIGHT_PAREN)) return new Expr.Literal(null, open.line(), open.col());
        Expr expr = nestedExpression();
        if (check(COMMA)) {
            List<Expr> elements = new ArrayList<>(List.of(expr));
            while (match(COMMA) && !check(RIGHT_PAREN)) elements.add(nestedExpression());
            expr = new Expr.ArrayLit(elements, open.line(), open.col());
        }
        closing(RIGHT_PAREN, open, "the parenthesis");
        return expr;
    }

    // array → '[' (element (',' element)* ','?)? ']'
    // element → '...' expression | expression
    // array → '[' (element (',' element)* ','?)? ']' | '[' expression comprehensionClause+ ']'
    private Expr array() {
        Token open = advance();
        if (check(RIGHT_BRACKET) || check(DOT_DOT_DOT)) {
            List<Expr> elements = spreadableList(open, RIGHT_BRACKET, "the array", start -> nestedExpression());
            return new Expr.ArrayLit(elements, open.line(), open.col());
        }
        Expr first = nestedExpression();
        if (check(FOR)) return comprehension(open, first);
        List<Expr> elements = new ArrayList<>(List.of(first));
        if (match(COMMA)) elements.addAll(spreadableList(open, RIGHT_BRACKET, "the array", start -> nestedExpression()));
        else closing(RIGHT_BRACKET, open, "the array");
        return new Expr.ArrayLit(elements, open.line(), open.col());
    }

    /** The hidden variable a list comprehension collects into; '%' keeps it out of reach of any name in the source. */
    static final String COMPREHENSION_LIST = "%list";

    // comprehensionClause → 'for' pattern 'in' expression ('if' expression)*
    // [e for x in xs if c for y in ys] is the block { let %list = []; for x in xs { if c { for y in ys {
    // %list.push(e) } } }; %list }: each clause nests inside the one before it.
    private Expr comprehension(Token open, Expr element) {
        record Clause(Token keyword, Pattern pattern, Expr iterable, List<Expr> conditions) {}
        List<Clause> clauses = new ArrayList<>();
        while (check(FOR)) {
            Token keyword = advance();
            Pattern pattern = declarationPattern();
            consume(IN, "expected 'in' after the variable of the comprehension's 'for', found " + peek().describe());
            Expr iterable = headExpression();
            List<Expr> conditions = new ArrayList<>();
            while (match(IF)) conditions.add(headExpression());
            clauses.add(new Clause(keyword, pattern, iterable, conditions));
        }
        closing(RIGHT_BRACKET, open, "the list comprehension");
        int line = open.line(), col = open.col();
        Expr body = new Expr.MethodCall(new Expr.Var(COMPREHENSION_LIST, line, col), "push", List.of(element), false,
                element.line(), element.col());
        for (int i = clauses.size() - 1; i >= 0; i--) {
            Clause c = clauses.get(i);
            for (int k = c.conditions().size() - 1; k >= 0; k--) {
                Expr condition = c.conditions().get(k);
                body = new Expr.If(condition, statementBlock(body), null, condition.line(), condition.col());
            }
            body = new Expr.For(c.pattern(), c.iterable(), statementBlock(body), c.keyword().line(), c.keyword().col());
        }
        Stmt list = new Stmt.Let(new Pattern.Binding(COMPREHENSION_LIST, null), true,
                new Expr.ArrayLit(List.of(), line, col), false, line);
        return new Expr.Block(List.of(list, new Stmt.ExprStmt(body, line)), new Expr.Var(COMPREHENSION_LIST, line, col), line, col);
    }

    private static Expr.Block statementBlock(Expr e) {
        return new Expr.Block(List.of(new Stmt.ExprStmt(e, e.line())), null, e.line(), e.col());
    }

    // braced → objectLiteral | block
    // In a value position '{}' and '{ x }' (on one line) are objects; where a body is expected (a
    // statement, a match arm, a lambda) they are blocks.
    private Expr braced(boolean valuePosition) {
        if (isObjectAhead(valuePosition)) return objectLiteral();
        return block("a block");
    }

    /** Whether the '{' at the current token starts an object literal rather than a block. */
    private boolean isObjectAhead(boolean valuePosition) {
        TokenType first = peekAt(1).type();
        TokenType second = peekAt(2).type();
        if (first == RIGHT_BRACE) return valuePosition;
        if (first == DOT_DOT_DOT) return true;
        if (first == STRING && second == COLON) return true;
        if (isName(peekAt(1)) && second == COLON) return true;
        if (first == IDENTIFIER && second == COMMA) return true;
        // '{ x }' on one line is the shorthand object; spread over lines it is a block whose value is x.
        return first == IDENTIFIER && second == RIGHT_BRACE && valuePosition && peekAt(2).line() == peek().line();
    }

    // objectLiteral → '{' (entry (',' entry)* ','?)? '}'
    // entry → '...' expression | (name | STRING) ':' expression | IDENTIFIER
    private Expr.ObjectLit objectLiteral() {
        Token open = advance();
        List<Expr> entries = spreadableList(open, RIGHT_BRACE, "the object", start -> objectEntry());
        return new Expr.ObjectLit(entries, open.line(), open.col());
    }

    private Expr objectEntry() {
        Token key = check(STRING) ? advance() : fieldName("a field name or '...'");
        String keyText = key.type() == STRING ? (String) key.literal() : key.text();
        Expr value;
        if (match(COLON)) {
            value = nestedExpression();
        } else if (key.type() == IDENTIFIER) {
            value = new Expr.Var(keyText, key.line(), key.col());
        } else {
            throw error(peek(), "expected ':' and a value after the key " + key.describe());
        }
        return new Expr.ObjectEntry(keyText, value, key.line(), key.col());
    }

    // lambda → '|' (parameter (',' parameter)*)? '|' body | '||' body
    // body → block | expression
    private Expr lambda() {
        Token open = advance();
        List<Expr.Param> params = new ArrayList<>();
        if (open.type() == PIPE) {
            while (!check(PIPE) && !isAtEnd()) {
                params.add(parameter(true));
                if (!match(COMMA)) break;
            }
            closing(PIPE, open, "the lambda parameters");
        }
        Expr body = check(LEFT_BRACE) ? braced(false) : expression();
        return new Expr.Lambda(params, body, open.line(), open.col());
    }

    // anonymousFunction → ('fn' | 'function') '(' parameters ')' ('->' type)? block
    private Expr anonymousFunction() {
        Token keyword = advance();
        List<Expr.Param> params = parameterList();
        if (match(ARROW)) type();
        return new Expr.Lambda(params, block("the function body"), keyword.line(), keyword.col());
    }

    // if → 'if' condition block ('else' (if | block))?
    private Expr ifExpression() {
        Token keyword = advance();
        Expr condition = headExpression();
        Expr.Block then = block("the body of 'if'");
        Expr otherwise = null;
        if (match(ELSE)) {
            otherwise = check(IF) ? elseIf() : block("the body of 'else'");
        }
        return new Expr.If(condition, then, otherwise, keyword.line(), keyword.col());
    }

    // An else-if chain nests in the tree, so it counts towards the nesting limit.
    private Expr elseIf() {
        enter(peek());
        try {
            return ifExpression();
        } finally {
            exit();
        }
    }

    // match → 'match' expression '{' (matchArm (',' | line break))* '}'
    private Expr matchExpression() {
        Token keyword = advance();
        Expr scrutinee = headExpression();
        Token open = consume(LEFT_BRACE, "expected '{' to start the arms of 'match', found " + peek().describe());
        List<Expr.MatchArm> arms = new ArrayList<>();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            arms.add(matchArm());
            if (!match(COMMA) && !check(RIGHT_BRACE) && !peek().startsLine() && previous().type() != RIGHT_BRACE) {
                throw error(peek(), "expected ',' or a line break after the match arm, found " + peek().describe());
            }
        }
        closing(RIGHT_BRACE, open, "the arms of 'match'");
        return new Expr.Match(scrutinee, arms, keyword.line(), keyword.col());
    }

    // matchArm → pattern (('if' | 'where') expression)? '=>' (block | expression)
    private Expr.MatchArm matchArm() {
        Pattern pattern = pattern();
        Expr guard = null;
        if (match(IF) || matchWord("where")) guard = headExpression();
        consume(FAT_ARROW, "expected '=>' after the match pattern, found " + peek().describe());
        Expr body = check(LEFT_BRACE) ? braced(false) : expression();
        return new Expr.MatchArm(pattern, guard, body);
    }

    // while → 'while' condition block
    private Expr whileExpression() {
        Token keyword = advance();
        Expr condition = headExpression();
        return new Expr.While(condition, block("the body of 'while'"), keyword.line(), keyword.col());
    }

    // for → 'for' pattern 'in' expression block
    private Expr forExpression() {
        Token keyword = advance();
        Pattern pattern = declarationPattern();
        consume(IN, "expected 'in' after the loop variable of 'for', found " + peek().describe());
        Expr iterable = headExpression();
        return new Expr.For(pattern, iterable, block("the body of 'for'"), keyword.line(), keyword.col());
    }

    // ---------------------------------------------------------------- patterns

    // pattern → alternative ('|' alternative)*
    private Pattern pattern() {
        enter(peek());
        try {
            Pattern first = primaryPattern();
            if (!check(PIPE)) return first;
            List<Pattern> alternatives = new ArrayList<>(List.of(first));
            while (match(PIPE)) alternatives.add(primaryPattern());
            return new Pattern.Or(alternatives);
        } finally {
            exit();
        }
    }

    // alternative → literalPattern | 'None' | arrayPattern | objectPattern | tuplePattern | namePattern
    private Pattern primaryPattern() {
        Token token = peek();
        return switch (token.type()) {
            case INT, NUMBER, STRING, MINUS, TRUE, FALSE, DOT_DOT, DOT_DOT_EQUAL -> literalPattern();
            case NONE -> {
                advance();
                yield new Pattern.Constructor(null, "None", List.of());
            }
            case LEFT_BRACKET -> arrayPattern();
            case LEFT_BRACE -> objectPattern();
            case LEFT_PAREN -> tuplePattern();
            case IDENTIFIER -> namePattern();
            default -> throw error(token, "expected a pattern, found " + token.describe());
        };
    }

    // declarationPattern → IDENTIFIER (':' type)? | pattern
    // A bare name binds here even when capitalized (const MAX = 10). The type's text is kept, as
    // the VM checks and wraps integer widths (let x: i8 = 200).
    private Pattern declarationPattern() {
        if (check(IDENTIFIER) && !checkNext(LEFT_PAREN) && !checkNext(COLON_COLON) && !checkNext(LEFT_BRACE)) {
            Token name = advance();
            if (name.text().equals("_")) return new Pattern.Wildcard();
            return new Pattern.Binding(name.text(), match(COLON) ? type() : null);
        }
        return pattern();
    }

    // literalPattern → literal (('..' | '..=') literal?)? | ('..' | '..=') literal
    // literal → '-'? (INT | NUMBER) | STRING | 'true' | 'false'
    private Pattern literalPattern() {
        Object low = check(DOT_DOT) || check(DOT_DOT_EQUAL) ? null : patternLiteral();
        if (match(DOT_DOT, DOT_DOT_EQUAL)) {
            boolean inclusive = previous().type() == DOT_DOT_EQUAL;
            boolean hasHigh = check(INT) || check(NUMBER) || check(MINUS);
            return new Pattern.Range(low, hasHigh ? patternLiteral() : null, inclusive);
        }
        return new Pattern.Literal(low);
    }

    private Object patternLiteral() {
        Token token = advance();
        switch (token.type()) {
            case STRING:
                return token.literal();
            case TRUE:
            case FALSE:
                return token.type() == TRUE;
            case INT:
            case NUMBER:
                if (token.literal() == null) {
                    throw error(token, "integer literal " + token.text() + " does not fit in 64 bits");
                }
                return token.literal();
            case MINUS:
                Token number = advance();
                if (number.type() == INT && number.literal() == null) return Long.MIN_VALUE;
                if (number.type() == INT) return -(Long) number.literal();
                if (number.type() == NUMBER) return -(Double) number.literal();
                throw error(number, "expected a number after '-' in the pattern, found " + number.describe());
            default:
                throw error(token, "expected a literal in the pattern, found " + token.describe());
        }
    }

    // namePattern → '_' | IDENTIFIER ':' type | lowercase IDENTIFIER
    //             | (IDENTIFIER '::')? IDENTIFIER ('(' patterns ')' | '{' fieldPatterns '}')?
    // A capitalized name is a variant (Red, Some(x)); a lowercase one binds.
    private Pattern namePattern() {
        Token name = advance();
        if (name.text().equals("_")) return new Pattern.Wildcard();
        String enumName = null;
        String variant = name.text();
        if (match(COLON_COLON)) {
            enumName = name.text();
            variant = consume(IDENTIFIER, "expected a variant name after '" + enumName + "::'").text();
        } else if (match(COLON)) {
            return new Pattern.Binding(name.text(), type());
        } else if (!Character.isUpperCase(variant.charAt(0))) {
            return new Pattern.Binding(name.text(), null);
        }
        List<Pattern> args = new ArrayList<>();
        if (check(LEFT_PAREN)) {
            Token open = advance();
            while (!check(RIGHT_PAREN) && !isAtEnd()) {
                args.add(pattern());
                if (!match(COMMA)) break;
            }
            closing(RIGHT_PAREN, open, "the pattern of '" + variant + "'");
        } else if (check(LEFT_BRACE)) {
            // Variant { a, b: p }: the fields' patterns in the order written.
            for (Pattern.FieldPat field : objectPatternFields("the fields of '" + variant + "'").fields()) args.add(field.pattern());
        }
        return new Pattern.Constructor(enumName, variant, args);
    }

    // arrayPattern → '[' (pattern (',' pattern)*)? (',' '...' IDENTIFIER)? ','? ']'
    private Pattern arrayPattern() {
        Token open = advance();
        WithRest<Pattern> elements = withRest(open, RIGHT_BRACKET, "the array pattern", this::pattern);
        return new Pattern.ArrayPat(elements.items(), elements.rest());
    }

    /** Destructured items and the name after {@code ...} that takes the rest (null without one). */
    private record WithRest<T>(List<T> items, String rest) {}

    // item (',' item)* (',' '...' IDENTIFIER)? ','? up to 'close' ('open' is already consumed)
    private <T> WithRest<T> withRest(Token open, TokenType close, String what, Supplier<T> item) {
        List<T> items = new ArrayList<>();
        String rest = null;
        while (!check(close) && !isAtEnd()) {
            if (match(DOT_DOT_DOT)) {
                rest = consume(IDENTIFIER, "expected a name after '...'").text();
                match(COMMA);
                break;
            }
            items.add(item.get());
            if (!match(COMMA)) break;
        }
        closing(close, open, what);
        return new WithRest<>(items, rest);
    }

    // tuplePattern → '(' pattern (',' pattern)* ','? ')'     (a tuple is an array)
    private Pattern tuplePattern() {
        Token open = advance();
        List<Pattern> elements = new ArrayList<>();
        boolean tuple = false;
        while (!check(RIGHT_PAREN) && !isAtEnd()) {
            elements.add(pattern());
            if (!match(COMMA)) break;
            tuple = true;
        }
        closing(RIGHT_PAREN, open, "the pattern");
        if (elements.size() == 1 && !tuple) return elements.get(0);
        return new Pattern.ArrayPat(elements, null);
    }

    // objectPattern → '{' (fieldPattern (',' fieldPattern)*)? (',' '...' IDENTIFIER)? ','? '}'
    private Pattern objectPattern() {
        return objectPatternFields("the object pattern");
    }

    // fieldPattern → name (':' pattern)?
    private Pattern.ObjectPat objectPatternFields(String what) {
        Token open = advance();
        WithRest<Pattern.FieldPat> fields = withRest(open, RIGHT_BRACE, what, () -> {
            Token key = fieldName("a field name");
            Pattern value = match(COLON) ? pattern() : new Pattern.Binding(key.text(), null);
            return new Pattern.FieldPat(key.text(), value);
        });
        return new Pattern.ObjectPat(fields.items(), fields.rest());
    }

    // ---------------------------------------------------------------- types

    private String type() {
        return type(true);
    }

    // type → typeAtom ('[' ']' | '?')* ('|' type)?
    // typeAtom → IDENTIFIER ('::' IDENTIFIER)* ('<' type (',' type)* '>')?
    //          | '(' (type ('+' type)* (',' type)*)? ')' ('=>' type)? | '[' type ']'
    //          | '{' (name '?'? ':' type ','?)* '}'
    // The result is the type's text without spaces, e.g. "Array<int>" or "(int)=>int".
    private String type(boolean allowUnion) {
        enter(peek());
        try {
            StringBuilder text = new StringBuilder(typeAtom());
            while (true) {
                if (check(LEFT_BRACKET) && checkNext(RIGHT_BRACKET)) {
                    advance();
                    advance();
                    text.append("[]");
                } else if (match(QUESTION)) {
                    text.append('?');
                } else {
                    break;
                }
            }
            if (allowUnion && check(PIPE)) {
                advance();
                text.append('|').append(type(true));
            }
            return text.toString();
        } finally {
            exit();
        }
    }

    private String typeAtom() {
        Token token = peek();
        StringBuilder text = new StringBuilder();
        if (token.type() == IDENTIFIER || token.type() == NONE) {
            text.append(advance().text());
            while (match(COLON_COLON)) text.append("::").append(consume(IDENTIFIER, "expected a type name after '::'").text());
            if (check(LESS)) {
                Token open = advance();
                text.append('<');
                List<String> args = new ArrayList<>();
                while (!check(GREATER) && !check(GREATER_GREATER) && !isAtEnd()) {
                    args.add(type());
                    if (!match(COMMA)) break;
                }
                text.append(String.join(",", args)).append('>');
                closeTypeArguments(open);
            }
        } else if (match(LEFT_PAREN)) {
            Token open = previous();
            List<String> params = new ArrayList<>();
            while (!check(RIGHT_PAREN) && !isAtEnd()) {
                if (check(IDENTIFIER) && checkNext(COLON)) {
                    advance();
                    advance();
                }
                StringBuilder param = new StringBuilder(type());
                while (match(PLUS)) param.append('+').append(type()); // an intersection: (A + B)
                params.add(param.toString());
                if (!match(COMMA)) break;
            }
            closing(RIGHT_PAREN, open, "the type");
            text.append('(').append(String.join(",", params)).append(')');
            if (match(FAT_ARROW, ARROW)) text.append("=>").append(type());
        } else if (match(LEFT_BRACKET)) {
            Token open = previous();
            text.append('[').append(type()).append(']');
            closing(RIGHT_BRACKET, open, "the array type");
        } else if (match(LEFT_BRACE)) {
            Token open = previous();
            List<String> fields = new ArrayList<>();
            while (!check(RIGHT_BRACE) && !isAtEnd()) {
                String field = fieldName("a field name").text();
                if (match(QUESTION)) field += "?";
                consume(COLON, "expected ':' and a type after the field name");
                fields.add(field + ":" + type());
                if (!match(COMMA, SEMICOLON) && !peek().startsLine()) break;
            }
            closing(RIGHT_BRACE, open, "the object type");
            text.append('{').append(String.join(",", fields)).append('}');
        } else {
            throw error(token, "expected a type, found " + token.describe());
        }
        return text.toString();
    }

    // A '>>' closing two type argument lists at once is split into two '>'.
    private void closeTypeArguments(Token open) {
        if (check(GREATER_GREATER)) {
            Token both = peek();
            tokens.set(current, new Token(GREATER, ">", null, both.line(), both.col() + 1, false));
            return;
        }
        closing(GREATER, open, "the type arguments");
    }

    // typeParameters → ('<' type (',' type)* '>')?
    private void skipTypeParameters() {
        if (!check(LESS)) return;
        Token open = advance();
        while (!check(GREATER) && !isAtEnd()) {
            if (check(CONST) && checkNext(IDENTIFIER)) advance();
            type();
            while (match(COLON, EQUAL, PLUS)) type(); // bounds 'T: A + B' and defaults 'T = int'
            if (!match(COMMA)) break;
        }
        closing(GREATER, open, "the type parameters");
    }

    // ---------------------------------------------------------------- helpers

    /** An expression in the head of if/while/for/match, where '{' opens the body, not an object. */
    private Expr headExpression() {
        return expression(true);
    }

    /** An expression inside brackets, where object literals are allowed again. */
    private Expr nestedExpression() {
        return expression(false);
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "nesting is deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void exit() {
        depth--;
    }

    private void skipSemicolons() {
        while (match(SEMICOLON)) {
            // Empty statements separate nothing.
        }
    }

    /** A field, method or key name: an identifier or any keyword (obj.type, { match: 1 }). */
    private Token fieldName(String what) {
        if (isName(peek())) return advance();
        throw error(peek(), "expected " + what + ", found " + peek().describe());
    }

    private static boolean isName(Token token) {
        return token.type() == IDENTIFIER || Lexer.KEYWORDS.containsValue(token.type());
    }

    /** Consumes a closing bracket, or says which opening one it was meant to close. */
    private Token closing(TokenType type, Token open, String what) {
        if (check(type)) return advance();
        String symbol = switch (type) {
            case RIGHT_PAREN -> ")";
            case RIGHT_BRACKET -> "]";
            case RIGHT_BRACE -> "}";
            case GREATER -> ">";
            case PIPE -> "|";
            default -> type.name();
        };
        throw error(peek(), "expected '" + symbol + "' to close " + what + " opened at line " + open.line()
                + ", column " + open.col() + ", found " + peek().describe());
    }

    private Token consume(TokenType type, String message) {
        if (check(type)) return advance();
        throw error(peek(), message);
    }

    /** Matches an infix operator that continues the expression (see {@link #continuesLine}). */
    private boolean matchContinuing(TokenType... types) {
        for (TokenType type : types) {
            if (check(type) && continuesLine(peek())) {
                advance();
                return true;
            }
        }
        return false;
    }

    /** An infix operator that starts a line continues the line before only if it could not
     * begin an expression of its own ("-1" or "|x| x" on a new line start a new statement). */
    private static boolean continuesLine(Token operator) {
        return !(operator.startsLine() && EXPRESSION_STARTS.contains(operator.type()));
    }

    private boolean match(TokenType... types) {
        for (TokenType type : types) {
            if (check(type)) {
                advance();
                return true;
            }
        }
        return false;
    }

    private boolean matchWord(String word) {
        if (!checkWord(word)) return false;
        advance();
        return true;
    }

    private boolean checkWord(String word) {
        return check(IDENTIFIER) && peek().text().equals(word);
    }

    private boolean check(TokenType type) {
        return peek().type() == type;
    }

    private boolean check(TokenType first, TokenType second) {
        return check(first) || check(second);
    }

    private boolean checkSameLine(TokenType type) {
        return check(type) && !peek().startsLine();
    }

    private boolean checkNext(TokenType type) {
        return peekAt(1).type() == type;
    }

    /** Consumes the current token and returns it; at the end, stays on EOF and returns it. */
    private Token advance() {
        Token token = peek();
        if (!isAtEnd() && ++current % CompileLimits.CHECK_EVERY == 0) checkpoint.run();
        return token;
    }

    private boolean isAtEnd() {
        return peek().type() == EOF;
    }

    private Token peek() {
        return tokens.get(current);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(current + ahead, tokens.size() - 1));
    }

    private Token previous() {
        return tokens.get(Math.max(current - 1, 0));
    }

    private CompileError error(Token token, String message) {
        return new CompileError(token.line(), token.col(), message);
    }
}
