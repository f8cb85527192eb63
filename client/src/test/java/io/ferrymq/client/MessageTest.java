package io.ferrymq.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageTest {
    @Test
    void typedAccessorsUseTheReservedProperties() {
        Message m = new Message("T", "TagA", "k1", "b".getBytes(StandardCharsets.UTF_8));
        m.keys(List.of("a", "b")).delayLevel(2).putUserProperty("u", "v");
        assertEquals("TagA", m.property("TAGS"));
        assertEquals("a b", m.property("KEYS"));
        assertEquals("2", m.property("DELAY"));
        assertEquals("v", m.userProperties().get("u"));
        assertEquals(1, m.userProperties().size());
        m.delayLevel(0).tags(null);
        assertNull(m.property("DELAY"));
        assertNull(m.tags());
    }

    @Test
    void reservedOrMalformedUserPropertiesAreRejected() {
        Message m = new Message("T", new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> m.putUserProperty("TAGS", "x"));
        assertThrows(IllegalArgumentException.class, () -> m.putUserProperty("UNIQ_KEY", "x"));
        assertThrows(IllegalArgumentException.class, () -> m.putUserProperty("k", "a\u0001b"));
        assertThrows(IllegalArgumentException.class, () -> m.putUserProperty("", "x"));
        assertThrows(IllegalArgumentException.class, () -> m.delayLevel(-1));
    }
}
