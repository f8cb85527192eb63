package io.ferrymq.broker.filter;

import io.ferrymq.broker.filter.SqlNode.CompareOp;
import io.ferrymq.broker.filter.SqlNode.StringOp;
import io.ferrymq.broker.filter.SqlToken.Kind;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for RocketMQ's SQL92 filter grammar (lowest precedence first):
 * <pre>
 * or         := and ( OR and )*
 * and        := equality ( AND equality )*
 * equality   := comparison ( '=' comparison | '&lt;&gt;' comparison | IS [NOT] NULL )*
 * comparison := unary ( ('&gt;'|'&gt;='|'&lt;'|'&lt;=') unary | [NOT] BETWEEN unary AND unary
 *                     | [NOT] IN '(' string (',' string)* ')' | [NOT] (CONTAINS|STARTSWITH|ENDSWITH) string )*
 * unary      := '+' unary | '-' unary | NOT unary | primary
 * primary    := string | integer | decimal | TRUE | FALSE | NULL | identifier | '(' or ')'
 * </pre>
 * The same static checks as RocketMQ's are made while building the tree (only numbers may be ordered, NULL may
 * not be compared with {@code =}, BETWEEN bounds must be ordered, IN needs a property, a condition is needed
 * where AND/OR/NOT expect one). Every error names the column of the offending token.
 */
final class SqlParser {
    private final List<SqlToken> tokens;
    private int index;

    private SqlParser(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole expression into a condition. */
    static SqlNode parse(String expression) throws SqlSyntaxException {
        if (expression == null || expression.isBlank()) {
            throw new SqlSyntaxException(1, "the expression is empty");
        }
        SqlParser p = new SqlParser(SqlLexer.tokenize(expression));
        SqlToken first = p.peek();
        SqlNode root = p.or();
        if (p.peek().kind() != Kind.END) {
            throw p.unexpected("an operator such as AND, OR, =, > or the end of the expression");
        }
        return p.condition(root, first);
    }

    private SqlNode or() throws SqlSyntaxException {
        SqlToken at = peek();
        SqlNode left = and();
        while (accept(Kind.OR)) {
            SqlToken rightAt = peek();
            SqlNode right = and();
            left = new SqlNode.Or(condition(left, at), condition(right, rightAt));
        }
        return left;
    }

    private SqlNode and() throws SqlSyntaxException {
        SqlToken at = peek();
        SqlNode left = equality();
        while (accept(Kind.AND)) {
            SqlToken rightAt = peek();
            SqlNode right = equality();
            left = new SqlNode.And(condition(left, at), condition(right, rightAt));
        }
        return left;
    }

    private SqlNode equality() throws SqlSyntaxException {
        SqlNode left = comparison();
        while (true) {
            SqlToken op = peek();
            if (accept(Kind.EQ) || accept(Kind.NE)) {
                SqlToken rightAt = peek();
                SqlNode right = comparison();
                checkEqualOperand(left, op);
                checkEqualOperand(right, rightAt);
                if (left instanceof SqlNode.Constant lc && lc.isCondition()
                        && right instanceof SqlNode.Constant rc && !rc.isCondition()) {
                    throw new SqlSyntaxException(op.column(), left + " cannot be compared with " + right);
                }
                SqlNode eq = new SqlNode.Equal(left, right);
                left = op.kind() == Kind.EQ ? eq : new SqlNode.Not(eq);
            } else if (accept(Kind.IS)) {
                boolean not = accept(Kind.NOT);
                expect(Kind.NULL, "NULL after IS" + (not ? " NOT" : ""));
                SqlNode isNull = new SqlNode.Equal(left, new SqlNode.Constant(null));
                left = not ? new SqlNode.Not(isNull) : isNull;
            } else {
                return left;
            }
        }
    }

    private SqlNode comparison() throws SqlSyntaxException {
        SqlToken leftAt = peek();
        SqlNode left = unary();
        while (true) {
            SqlToken op = peek();
            CompareOp cmp = switch (op.kind()) {
                case GT -> CompareOp.GT;
                case GE -> CompareOp.GE;
                case LT -> CompareOp.LT;
                case LE -> CompareOp.LE;
                default -> null;
            };
            if (cmp != null) {
                index++;
                SqlToken rightAt = peek();
                SqlNode right = unary();
                left = ordered(cmp, left, leftAt, right, rightAt);
                continue;
            }
            boolean not = false;
            if (op.kind() == Kind.NOT && isNegatablePredicate(tokens.get(index + 1).kind())) {
                index++;
                not = true;
            }
            SqlToken kw = peek();
            if (accept(Kind.BETWEEN)) {
                SqlToken lowAt = peek();
                SqlNode low = unary();
                expect(Kind.AND, "AND between the bounds of BETWEEN");
                SqlToken highAt = peek();
                SqlNode high = unary();
                if (low instanceof SqlNode.Constant lc && high instanceof SqlNode.Constant hc
                        && lc.value() != null && hc.value() != null
                        && Values.compare(hc.value(), lc.value()) < 0) {
                    throw new SqlSyntaxException(lowAt.column(), "BETWEEN bounds are reversed: " + lc + " is greater "
                            + "than " + hc + " (write the lower bound first)");
                }
                left = not
                        ? new SqlNode.Or(ordered(CompareOp.LT, left, leftAt, low, lowAt),
                                ordered(CompareOp.GT, left, leftAt, high, highAt))
                        : new SqlNode.And(ordered(CompareOp.GE, left, leftAt, low, lowAt),
                                ordered(CompareOp.LE, left, leftAt, high, highAt));
            } else if (accept(Kind.IN)) {
                if (!(left instanceof SqlNode.Property prop)) {
                    throw new SqlSyntaxException(kw.column(), "IN needs a property on its left, found " + left);
                }
                expect(Kind.LPAREN, "'(' after IN");
                Set<String> values = new LinkedHashSet<>();
                do {
                    values.add(expect(Kind.STRING, "a string literal in the IN list").text());
                } while (accept(Kind.COMMA));
                expect(Kind.RPAREN, "',' or ')' in the IN list");
                left = new SqlNode.In(prop, Set.copyOf(values), not);
            } else if (kw.kind() == Kind.CONTAINS || kw.kind() == Kind.STARTSWITH || kw.kind() == Kind.ENDSWITH) {
                index++;
                String literal = expect(Kind.STRING, "a string literal after " + kw.text()).text();
                left = new SqlNode.StringTest(StringOp.valueOf(kw.kind().name()), left, literal, not);
            } else if (not) {
                throw unexpected("BETWEEN, IN, CONTAINS, STARTSWITH or ENDSWITH after NOT");
            } else {
                return left;
            }
        }
    }

    private static boolean isNegatablePredicate(Kind k) {
        return k == Kind.BETWEEN || k == Kind.IN || k == Kind.CONTAINS || k == Kind.STARTSWITH || k == Kind.ENDSWITH;
    }

    private SqlNode unary() throws SqlSyntaxException {
        if (accept(Kind.PLUS)) {
            return unary();
        }
        if (accept(Kind.MINUS)) {
            SqlNode operand = unary();
            if (operand instanceof SqlNode.Constant c && c.value() instanceof Long l) {
                return new SqlNode.Constant(-l);
            }
            if (operand instanceof SqlNode.Constant c && c.value() instanceof Double d) {
                return new SqlNode.Constant(-d);
            }
            return new SqlNode.Negate(operand);
        }
        if (accept(Kind.NOT)) {
            SqlToken operandAt = peek();
            return new SqlNode.Not(condition(unary(), operandAt));
        }
        return primary();
    }

    private SqlNode primary() throws SqlSyntaxException {
        SqlToken t = peek();
        switch (t.kind()) {
            case STRING:
                index++;
                return new SqlNode.Constant(t.text());
            case INTEGER:
                index++;
                try {
                    return new SqlNode.Constant(Long.parseLong(t.text()));
                } catch (NumberFormatException e) {
                    throw new SqlSyntaxException(t.column(), "integer " + t.text() + " does not fit in 64 bits");
                }
            case DECIMAL:
                index++;
                return new SqlNode.Constant(Double.parseDouble(t.text()));
            case TRUE:
                index++;
                return new SqlNode.Constant(Boolean.TRUE);
            case FALSE:
                index++;
                return new SqlNode.Constant(Boolean.FALSE);
            case NULL:
                index++;
                return new SqlNode.Constant(null);
            case IDENTIFIER:
                index++;
                return new SqlNode.Property(t.text());
            case LPAREN:
                index++;
                SqlNode inner = or();
                expect(Kind.RPAREN, "')' to close the '(' at column " + t.column());
                return inner;
            default:
                throw unexpected("a property name, a literal or '('");
        }
    }

    /** A comparison with {@code >}-style operators: RocketMQ allows only numbers (or properties) there. */
    private static SqlNode ordered(CompareOp op, SqlNode left, SqlToken leftAt, SqlNode right, SqlToken rightAt)
            throws SqlSyntaxException {
        checkOrderable(left, leftAt, op);
        checkOrderable(right, rightAt, op);
        return new SqlNode.Compare(op, left, right);
    }

    private static void checkOrderable(SqlNode n, SqlToken at, CompareOp op) throws SqlSyntaxException {
        if (n instanceof SqlNode.Constant c && !(c.value() instanceof Number)) {
            throw new SqlSyntaxException(at.column(), "value " + c + " cannot be compared with " + op.symbol
                    + " (only numbers can be ordered; use = or IN for strings)");
        }
        if (n.isCondition()) {
            throw new SqlSyntaxException(at.column(), "a condition cannot be compared with " + op.symbol);
        }
    }

    private static void checkEqualOperand(SqlNode n, SqlToken at) throws SqlSyntaxException {
        if (n instanceof SqlNode.Constant c && c.value() == null) {
            throw new SqlSyntaxException(at.column(), "NULL cannot be compared with = or <> (use IS NULL or "
                    + "IS NOT NULL)");
        }
    }

    /** Checks that {@code n} can stand where a condition is expected; a bare property becomes a boolean cast. */
    private static SqlNode condition(SqlNode n, SqlToken at) throws SqlSyntaxException {
        if (n.isCondition()) {
            return n;
        }
        if (n instanceof SqlNode.Property) {
            return new SqlNode.BooleanCast(n);
        }
        throw new SqlSyntaxException(at.column(), "expected a condition (e.g. a = 1) but " + n
                + " is not one");
    }

    private SqlToken peek() {
        return tokens.get(index);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private SqlToken expect(Kind kind, String what) throws SqlSyntaxException {
        SqlToken t = peek();
        if (t.kind() != kind) {
            throw unexpected(what);
        }
        index++;
        return t;
    }

    private SqlSyntaxException unexpected(String expected) {
        SqlToken t = peek();
        return new SqlSyntaxException(t.column(), "expected " + expected + " but found " + t.describe());
    }
}
