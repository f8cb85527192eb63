package io.ferrymq.broker.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an SQL92 filter expression into tokens with RocketMQ's lexical rules: keywords and identifiers are
 * case-insensitive, identifiers are {@code [a-z_$][a-z0-9_$]*}, strings are single-quoted with {@code ''} as an
 * escaped quote, numbers are decimal integers (optional {@code L} suffix) or decimals with optional exponent,
 * and {@code --} line and block comments are skipped.
 */
final class SqlLexer {
    private static final Map<String, SqlToken.Kind> KEYWORDS = Map.ofEntries(
            Map.entry("NOT", SqlToken.Kind.NOT), Map.entry("AND", SqlToken.Kind.AND),
            Map.entry("OR", SqlToken.Kind.OR), Map.entry("BETWEEN", SqlToken.Kind.BETWEEN),
            Map.entry("IN", SqlToken.Kind.IN), Map.entry("TRUE", SqlToken.Kind.TRUE),
            Map.entry("FALSE", SqlToken.Kind.FALSE), Map.entry("NULL", SqlToken.Kind.NULL),
            Map.entry("IS", SqlToken.Kind.IS), Map.entry("CONTAINS", SqlToken.Kind.CONTAINS),
            Map.entry("STARTSWITH", SqlToken.Kind.STARTSWITH), Map.entry("ENDSWITH", SqlToken.Kind.ENDSWITH));

    private final String src;
    private int pos;

    private SqlLexer(String src) {
        this.src = src;
    }

    static List<SqlToken> tokenize(String expression) throws SqlSyntaxException {
        return new SqlLexer(expression).run();
    }

    private List<SqlToken> run() throws SqlSyntaxException {
        List<SqlToken> out = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (pos >= src.length()) {
                out.add(new SqlToken(SqlToken.Kind.END, "", pos + 1));
                return out;
            }
            out.add(next());
        }
    }

    private void skipBlanksAndComments() throws SqlSyntaxException {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (src.startsWith("--", pos)) {
                int eol = src.indexOf('\n', pos);
                pos = eol < 0 ? src.length() : eol + 1;
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new SqlSyntaxException(pos + 1, "comment is not closed with */");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private SqlToken next() throws SqlSyntaxException {
        int start = pos;
        int column = start + 1;
        char c = src.charAt(pos);
        if (isIdentifierStart(c)) {
            while (pos < src.length() && isIdentifierPart(src.charAt(pos))) {
                pos++;
            }
            String word = src.substring(start, pos);
            SqlToken.Kind kw = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
            return new SqlToken(kw == null ? SqlToken.Kind.IDENTIFIER : kw, word, column);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '\'') {
            return string(start);
        }
        pos++;
        switch (c) {
            case '=':
                return new SqlToken(SqlToken.Kind.EQ, "=", column);
            case '(':
                return new SqlToken(SqlToken.Kind.LPAREN, "(", column);
            case ')':
                return new SqlToken(SqlToken.Kind.RPAREN, ")", column);
            case ',':
                return new SqlToken(SqlToken.Kind.COMMA, ",", column);
            case '+':
                return new SqlToken(SqlToken.Kind.PLUS, "+", column);
            case '-':
                return new SqlToken(SqlToken.Kind.MINUS, "-", column);
            case '>':
                if (pos < src.length() && src.charAt(pos) == '=') {
                    pos++;
                    return new SqlToken(SqlToken.Kind.GE, ">=", column);
                }
                return new SqlToken(SqlToken.Kind.GT, ">", column);
            case '<':
                if (pos < src.length() && src.charAt(pos) == '=') {
                    pos++;
                    return new SqlToken(SqlToken.Kind.LE, "<=", column);
                }
                if (pos < src.length() && src.charAt(pos) == '>') {
                    pos++;
                    return new SqlToken(SqlToken.Kind.NE, "<>", column);
                }
                return new SqlToken(SqlToken.Kind.LT, "<", column);
            default:
                throw new SqlSyntaxException(column, "unexpected character '" + c + "'"
                        + (c == '"' ? " (string literals use single quotes)" : "")
                        + (c == '!' ? " (use <> for 'not equal')" : ""));
        }
    }

    private SqlToken number(int start) throws SqlSyntaxException {
        boolean decimal = false;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            decimal = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                decimal = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        String text = src.substring(start, pos);
        if (!decimal && pos < src.length() && (src.charAt(pos) == 'l' || src.charAt(pos) == 'L')) {
            pos++;
        }
        if (pos < src.length() && isIdentifierPart(src.charAt(pos))) {
            throw new SqlSyntaxException(start + 1, "malformed number '" + src.substring(start, pos + 1) + "'");
        }
        if (!decimal && text.length() > 1 && text.charAt(0) == '0') {
            throw new SqlSyntaxException(start + 1, "malformed number '" + text
                    + "' (octal literals are not supported)");
        }
        return new SqlToken(decimal ? SqlToken.Kind.DECIMAL : SqlToken.Kind.INTEGER, text, start + 1);
    }

    private SqlToken string(int start) throws SqlSyntaxException {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\'') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == '\'') {
                    sb.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                return new SqlToken(SqlToken.Kind.STRING, sb.toString(), start + 1);
            }
            sb.append(c);
            pos++;
        }
        throw new SqlSyntaxException(start + 1, "string literal is not closed with a single quote");
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }
}
