package io.ferrymq.broker.filter;

/** One token of an SQL92 filter expression; {@code column} is 1-based. */
record SqlToken(Kind kind, String text, int column) {
    enum Kind {
        IDENTIFIER, STRING, INTEGER, DECIMAL,
        NOT, AND, OR, BETWEEN, IN, TRUE, FALSE, NULL, IS, CONTAINS, STARTSWITH, ENDSWITH,
        EQ, NE, GT, GE, LT, LE, LPAREN, RPAREN, COMMA, PLUS, MINUS, END
    }

    String describe() {
        return switch (kind) {
            case END -> "end of expression";
            case STRING -> "string '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
