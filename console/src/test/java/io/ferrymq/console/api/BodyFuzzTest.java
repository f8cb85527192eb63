package io.ferrymq.console.api;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz target for the console's JSON API request bodies ({@link Body}), as every mutating endpoint reads them: the
 * body is parsed, then fields are read the way the endpoints read them. Oracle: the only failure is an
 * {@link ApiException} with status 400 (the HTTP answer names what was wrong); nothing else escapes, nothing runs
 * out of memory or stack.
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/console/api/BodyFuzzTestInputs/requestBody/}.
 */
class BodyFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void requestBody(byte[] input) {
        Body b;
        try {
            b = Body.parse(new String(input, StandardCharsets.UTF_8));
        } catch (ApiException e) {
            assertEquals(400, e.status(), e.getMessage());
            return;
        }
        for (String field : new String[] {"topic", "group", "cluster", "key", "name", "password", "offset",
            "queues", "perm", "timestamp", "force", "broker"}) {
            read(() -> b.str(field));
            read(() -> b.optStr(field, "-"));
            read(() -> assertExact(b, field, b.num(field, Long.MIN_VALUE, Long.MAX_VALUE)));
            read(() -> {
                long v = b.optNum(field, 0, 0, 1024);
                if (b.json().get(field) != null) {
                    assertExact(b, field, v);
                }
            });
            read(() -> b.optBool(field, false));
        }
    }

    /** A number the API accepted is the number the caller sent, not a rounded or wrapped-around one. */
    private static void assertExact(Body b, String field, long accepted) {
        Object sent = b.json().get(field);
        assertEquals(0, new BigDecimal(sent.toString()).compareTo(BigDecimal.valueOf(accepted)),
                "field '" + field + "' was sent as " + sent + " but read as " + accepted);
    }

    private static void read(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            assertEquals(400, e.status(), e.getMessage());
        }
    }
}
