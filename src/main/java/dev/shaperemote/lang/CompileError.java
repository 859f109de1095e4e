package dev.shaperemote.lang;

/** A Shape program that cannot be compiled: where (line, column) and what a person should fix. */
public final class CompileError extends RuntimeException {
    private final int line;
    private final int col;

    public CompileError(int line, int col, String message) {
        super("line " + line + ", column " + col + ": " + message, null, false, false);
        this.line = line;
        this.col = col;
    }

    public int line() { return line; }

    public int col() { return col; }
}
