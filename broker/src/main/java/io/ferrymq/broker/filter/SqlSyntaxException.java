package io.ferrymq.broker.filter;

/**
 * An SQL92 filter expression that does not compile. The message names the 1-based column where the problem was
 * found, what was found there and what was expected, so a user can fix the expression without guessing.
 */
public final class SqlSyntaxException extends Exception {
    private final int column;

    SqlSyntaxException(int column, String problem) {
        super("Invalid SQL92 expression at column " + column + ": " + problem);
        this.column = column;
    }

    /** 1-based column of the offending token (one past the end for a truncated expression). */
    public int column() {
        return column;
    }
}
