package io.ferrymq.broker.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelLimitTest {
    @Test
    void theFirstValuesUpToTheLimitKeepTheirNameTheRestAreOtherForever() {
        LabelLimit l = new LabelLimit(2);
        assertEquals("a", l.label("a"));
        assertEquals("b", l.label("b"));
        assertEquals(LabelLimit.OTHER, l.label("c"));
        assertEquals("a", l.label("a"), "an admitted value stays admitted");
        assertEquals(LabelLimit.OTHER, l.label("c"), "an overflowed value stays under other");
        assertTrue(l.isAdmitted("b"));
        assertFalse(l.isAdmitted("c"));
        assertEquals(2, l.admittedCount());
    }

    @Test
    void aValueNamedOtherNeverTakesASlotOfItsOwn() {
        LabelLimit l = new LabelLimit(5);
        assertEquals(LabelLimit.OTHER, l.label("other"));
        assertEquals(0, l.admittedCount());
    }
}
