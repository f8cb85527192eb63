package io.ferrymq.broker.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL92 filters as RocketMQ evaluates them. The message used throughout has
 * {@code a=5, b=2.5, s=red, t=true, TAGS=TagA, neg=-3, word=abc}; property {@code x} is missing.
 */
class SqlFilterTest {
    private static final Map<String, String> MSG = Map.of("a", "5", "b", "2.5", "s", "red", "t", "true",
            "TAGS", "TagA", "neg", "-3", "word", "abc");

    private static boolean matches(String sql) throws SqlSyntaxException {
        return SqlFilter.compile(sql).matches(MSG);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // numeric comparisons convert the string property to the literal's type
        "a = 5 | true", "a = 6 | false", "a <> 6 | true", "a > 4 | true", "a >= 5 | true", "a < 5 | false",
        "a <= 5 | true", "a > 4.5 | true", "b > 2.0 | true",
        // like RocketMQ, the property is converted to the literal's type: 2.5 is not a Long, so this is not TRUE
        "b > 2 | false", "b BETWEEN 2 AND 3 | false", "b < 2.6 | true", "b = 2.5 | true", "neg < 0 | true",
        "neg = -3 | true", "a > -1 | true", "5 = a | true", "4 < a | true",
        // strings
        "s = 'red' | true", "s = 'RED' | false", "s <> 'blue' | true", "s = 'it''s' | false",
        "TAGS = 'TagA' | true", "TAGS IN ('TagB', 'TagA') | true", "TAGS NOT IN ('TagA') | false",
        "s IN ('green','blue') | false", "s NOT IN ('green','blue') | true",
        "word CONTAINS 'b' | true", "word NOT CONTAINS 'b' | false", "word STARTSWITH 'ab' | true",
        "word ENDSWITH 'bc' | true", "word ENDSWITH 'ab' | false",
        // BETWEEN
        "a BETWEEN 1 AND 5 | true", "a BETWEEN 6 AND 9 | false", "a NOT BETWEEN 6 AND 9 | true",
        "b BETWEEN 2.0 AND 3.0 | true", "a between 5 and 5 | true",
        // booleans and logic
        "t = TRUE | true", "t = FALSE | false", "TRUE | true", "FALSE | false", "NOT (a = 6) | true",
        "a = 5 AND s = 'red' | true", "a = 5 AND s = 'blue' | false", "a = 6 OR s = 'red' | true",
        "a = 6 OR s = 'blue' | false", "NOT (a = 6) AND NOT (s = 'blue') | true",
        // NOT binds tighter than = (RocketMQ's grammar): (NOT a) = 6 compares a boolean with a number
        "NOT a = 6 | false", "(a = 6 OR a = 5) AND TAGS = 'TagA' | true",
        "a = 5 or a = 6 and s = 'blue' | true",
        // NULL tests
        "x IS NULL | true", "x IS NOT NULL | false", "a IS NULL | false", "a IS NOT NULL | true",
        // comments and case
        "A = 5 | false", "a = 5 -- trailing comment | true", "/* c */ a = 5 | true",
    })
    void evaluatesLikeRocketMQ(String sql, boolean expected) throws SqlSyntaxException {
        assertEquals(expected, matches(sql), sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "x = 1", "x <> 1", "x > 1", "x BETWEEN 1 AND 2", "x NOT BETWEEN 1 AND 2", "x IN ('a')", "x NOT IN ('a')",
        "NOT x = 1", "x = 'a'", "x CONTAINS 'a'", "x = 1 AND a = 5", "x = 1 OR a = 6", "NOT (x = 1 OR a = 6)",
    })
    void aComparisonWithAMissingPropertyIsNeverDelivered(String sql) throws SqlSyntaxException {
        assertFalse(matches(sql), sql);
    }

    @Test
    void unknownOrTrueIsTrueAndUnknownAndFalseIsFalse() throws SqlSyntaxException {
        assertTrue(matches("x = 1 OR a = 5"));
        assertTrue(matches("NOT (x = 1 AND a = 6)"), "unknown AND false is false, so its negation is true");
        assertFalse(matches("NOT (x = 1 AND a = 5)"), "unknown AND true is unknown, and so is its negation");
    }

    @Test
    void aPropertyThatIsNotANumberFailsTheWholeExpression() throws SqlSyntaxException {
        // as in RocketMQ the conversion error aborts evaluation; the message is not delivered even under OR
        assertFalse(matches("s > 1"));
        assertFalse(matches("s = 1 OR a = 5"));
    }

    @Test
    void aBarePropertyIsAConditionThatStringsNeverSatisfy() throws SqlSyntaxException {
        assertFalse(matches("t"));
        assertFalse(matches("x"));
    }

    @ParameterizedTest(name = "{0} -> column {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a >  | 4 | expected a property name, a literal or '(' but found end of expression",
        "a = 'unterminated | 5 | string literal is not closed",
        "a == 1 | 4 | expected a property name, a literal or '('",
        "a != 1 | 3 | use <> for 'not equal'",
        "a = \"x\" | 5 | string literals use single quotes",
        "a > 'x' | 5 | only numbers can be ordered",
        "a = NULL | 5 | use IS NULL",
        "a BETWEEN 5 AND 1 | 11 | BETWEEN bounds are reversed",
        "a BETWEEN 1 | 12 | AND between the bounds",
        "a IN (1, 2) | 7 | a string literal in the IN list",
        "5 IN ('a') | 3 | IN needs a property",
        "a IS 5 | 6 | NULL after IS",
        "(a = 1 | 7 | ')' to close the '(' at column 1",
        "a = 1 b = 2 | 7 | expected an operator",
        "5 | 1 | expected a condition",
        "a = 1 AND 'x' | 11 | expected a condition",
        "TRUE = 1 | 6 | TRUE cannot be compared with 1",
        "a NOT LIKE 'x' | 3 | expected an operator",
        "a > (b = 1) | 5 | a condition cannot be compared",
        "a = 12x | 5 | malformed number",
        "a # 1 | 3 | unexpected character '#'",
        "/* open | 1 | comment is not closed",
    })
    void aBadExpressionNamesTheColumnAndTheProblem(String sql, int column, String problem) {
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> SqlFilter.compile(sql));
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid SQL92 expression at column " + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void anEmptyExpressionIsRefused() {
        assertThrows(SqlSyntaxException.class, () -> SqlFilter.compile(""));
        assertThrows(SqlSyntaxException.class, () -> SqlFilter.compile("   "));
        assertThrows(SqlSyntaxException.class, () -> SqlFilter.compile(null));
    }

    @Test
    void theCacheCompilesEachExpressionOnceIncludingFailures() throws SqlSyntaxException {
        SqlFilterCache cache = new SqlFilterCache(2);
        SqlFilter f = cache.get("a = 5");
        assertSame(f, cache.get("a = 5"));
        assertThrows(SqlSyntaxException.class, () -> cache.get("a >"));
        assertThrows(SqlSyntaxException.class, () -> cache.get("a >"));
        assertEquals(2, cache.compilations());
        cache.get("b = 1");
        cache.get("c = 1"); // evicts the least recently used ("a = 5")
        cache.get("a = 5");
        assertEquals(5, cache.compilations());
    }

    @Test
    void evaluationIsIndependentOfOtherMessages() throws SqlSyntaxException {
        SqlFilter f = SqlFilter.compile("a > 3 AND TAGS = 'TagA'");
        Map<String, String> m = new HashMap<>();
        assertFalse(f.matches(m));
        m.put("a", "4");
        assertFalse(f.matches(m));
        m.put("TAGS", "TagA");
        assertTrue(f.matches(m));
        assertTrue(f.matches(MSG));
    }
}
