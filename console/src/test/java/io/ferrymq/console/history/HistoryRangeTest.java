package io.ferrymq.console.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chart ranges: 1h by default, m/h/d units, at least one sample interval, at most the retention. */
class HistoryRangeTest {
    static final long MINUTE = 60_000;
    static final long WEEK = 7 * 86_400_000L;

    @Test
    void theUsualRangesParse() {
        assertEquals(3_600_000L, HistoryRange.parse(null, MINUTE, WEEK).millis());
        assertEquals(6 * 3_600_000L, HistoryRange.parse("6h", MINUTE, WEEK).millis());
        assertEquals(86_400_000L, HistoryRange.parse("24h", MINUTE, WEEK).millis());
        assertEquals(WEEK, HistoryRange.parse("7d", MINUTE, WEEK).millis());
        assertEquals(30 * MINUTE, HistoryRange.parse("30m", MINUTE, WEEK).millis());
    }

    @Test
    void aBadRangeSaysWhatIsAllowed() {
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class,
                () -> HistoryRange.parse("1 week", MINUTE, WEEK));
        assertTrue(form.getMessage().contains("e.g. 1h, 6h, 24h, 7d"), form.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> HistoryRange.parse("8d", MINUTE, WEEK));
        assertTrue(tooLong.getMessage().contains("168 h"), tooLong.getMessage());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> HistoryRange.parse("0m", MINUTE, WEEK));
        assertTrue(tooShort.getMessage().contains("one sample interval"), tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HistoryRange.parse("-1h", MINUTE, WEEK));
        assertThrows(IllegalArgumentException.class, () -> HistoryRange.parse("9999999d", MINUTE, WEEK));
    }
}
