package io.ferrymq.console.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A number in a console request is read exactly or refused: JSON numbers beyond a long (2^64 + 1, 1e400) must not
 * wrap around or round into a value the caller never sent (found writing BodyFuzzTest's exactness oracle).
 */
class BodyNumbersTest {

    @Test
    void numbersBeyondALongAreRefusedNotWrapped() {
        for (String n : new String[] {"18446744073709551617", "9223372036854775808", "1e400", "-1e400",
            "1e19", "123456789012345678901234567890"}) {
            Body b = Body.parse("{\"queues\":" + n + "}");
            ApiException e = assertThrows(ApiException.class, () -> b.num("queues", Long.MIN_VALUE, Long.MAX_VALUE),
                    n + " was accepted");
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("queues"), e.getMessage());
        }
    }

    @Test
    void exactIntegersInAnyNotationAreRead() {
        assertEquals(8, Body.parse("{\"queues\":8}").num("queues", 1, 1024));
        assertEquals(8, Body.parse("{\"queues\":8.0}").num("queues", 1, 1024));
        assertEquals(800, Body.parse("{\"queues\":8e2}").num("queues", 1, 1024));
        assertEquals(Long.MAX_VALUE, Body.parse("{\"o\":9223372036854775807}").num("o", 0, Long.MAX_VALUE));
        assertThrows(ApiException.class, () -> Body.parse("{\"queues\":8.5}").num("queues", 1, 1024));
    }
}
