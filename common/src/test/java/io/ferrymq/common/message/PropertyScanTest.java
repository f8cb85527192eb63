package io.ferrymq.common.message;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PropertyScan} reads what {@link MessageProperties#decode} reads, for well-formed input and any other. */
class PropertyScanTest {
    private static final String[] NAMES = {"A", "B", "AB", "TAGS", "KEYS", "x"};

    /** Asserts that the scan of {@code s} agrees with decode for every name of {@link #NAMES}. */
    private static void agreesWithDecode(PropertyScan scan, String s) {
        scan.scan(s);
        Map<String, String> decoded = MessageProperties.decode(s);
        for (int i = 0; i < NAMES.length; i++) {
            String why = "name " + NAMES[i] + " in " + visible(s);
            assertEquals(decoded.get(NAMES[i]), scan.value(i), why);
            assertEquals(decoded.containsKey(NAMES[i]), scan.has(i), why);
            assertEquals(MessageProperties.get(s, NAMES[i]), scan.value(i), why);
            if (decoded.containsKey(NAMES[i])) {
                assertTrue(scan.valueEquals(i, decoded.get(NAMES[i])), why);
                assertFalse(scan.valueEquals(i, decoded.get(NAMES[i]) + "!"), why);
            } else {
                assertFalse(scan.valueEquals(i, "v"), why);
            }
        }
        assertEquals(plainPairsByDefinition(s), scan.plainPairs(), "plainPairs of " + visible(s));
    }

    /** Every segment a pair decode keeps, no name twice: the string is as long as encode(decode(s)) or one less. */
    private static boolean plainPairsByDefinition(String s) {
        if (s == null || s.isEmpty()) {
            return true;
        }
        Map<String, String> decoded = MessageProperties.decode(s);
        if (decoded.size() > PropertyScan.MAX_COMPARED_PAIRS) {
            return false;
        }
        int encodedLength = MessageProperties.encode(decoded).length();
        boolean trailing = s.charAt(s.length() - 1) == MessageProperties.PROPERTY_SEPARATOR;
        int withTrailing = trailing ? s.length() : s.length() + 1;
        return encodedLength == withTrailing;
    }

    private static String visible(String s) {
        return s == null ? "null" : s.replace('\u0001', '=').replace('\u0002', ';');
    }

    @Test
    void wellFormedPropertiesAreReadAsDecodeReadsThem() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("TAGS", "tagA");
        props.put("KEYS", "k1 k2");
        props.put("AB", "value with \u0001 inside");
        props.put("ABC", "not AB");
        String s = MessageProperties.encode(props);
        PropertyScan scan = new PropertyScan(NAMES).scan(s);
        assertEquals("tagA", scan.value(3));
        assertEquals("k1 k2", scan.value(4));
        assertEquals("value with \u0001 inside", scan.value(2));
        assertNull(scan.value(0));
        assertTrue(scan.plainPairs());
        agreesWithDecode(scan, s);
    }

    /** Asserts the values of A and B in {@code s} and whether it is plain pairs. */
    private static void readsAAndB(String s, String a, String b, boolean plainPairs) {
        PropertyScan scan = new PropertyScan(NAMES).scan(s);
        assertEquals(a, scan.value(0));
        assertEquals(b, scan.value(1));
        assertEquals(plainPairs, scan.plainPairs());
    }

    @Test
    void theLastOfDuplicateNamesWinsAndTheStringIsNoLongerPlainPairs() {
        readsAAndB("A\u00011\u0002B\u00012\u0002A\u00013\u0002", "3", "2", false);
    }

    @Test
    void malformedSegmentsAreIgnoredAsDecodeIgnoresThem() {
        PropertyScan scan = new PropertyScan(NAMES);
        String[] inputs = {
            "A\u0001\u0002", // empty value
            "\u0001v\u0002", // empty name
            "A\u0002", // no separator
            "A\u0001", // too short, no trailing 0x02
            "\u0002\u0002A\u00011\u0002", // empty segments before a pair
            "A\u00011\u0002junk\u0002", // a segment without 0x01 after a pair
            "A\u00011\u0002A\u0001\u0002", // an empty later duplicate does not overwrite
            "AB\u0001", // name then separator, nothing more
        };
        for (String s : inputs) {
            agreesWithDecode(scan, s);
            assertFalse(scan.plainPairs(), visible(s));
        }
        assertEquals("1", scan.scan("A\u00011\u0002A\u0001\u0002").value(0));
    }

    @Test
    void aMissingTrailingSeparatorIsTolerated() {
        readsAAndB("A\u00011\u0002B\u00012", "1", "2", true);
    }

    @Test
    void emptyAndNullHaveNoPropertiesAndArePlainPairs() {
        PropertyScan scan = new PropertyScan(NAMES);
        for (String s : new String[] {"", null}) {
            scan.scan(s);
            for (int i = 0; i < NAMES.length; i++) {
                assertFalse(scan.has(i));
                assertNull(scan.value(i));
            }
            assertTrue(scan.plainPairs());
            agreesWithDecode(scan, s);
        }
    }

    @Test
    void aScanForgetsThePreviousOne() {
        PropertyScan scan = new PropertyScan(NAMES).scan("A\u00011\u0002A\u00012\u0002");
        scan.scan("B\u00012\u0002");
        assertNull(scan.value(0));
        assertEquals("2", scan.value(1));
        assertTrue(scan.plainPairs());
    }

    @Test
    void beyondTheComparedPairsTheStringIsNotCalledPlainPairs() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= PropertyScan.MAX_COMPARED_PAIRS; i++) {
            MessageProperties.appendPair(many, "n" + i, "v");
        }
        PropertyScan scan = new PropertyScan("n0", "n" + PropertyScan.MAX_COMPARED_PAIRS).scan(many.toString());
        assertEquals("v", scan.value(0));
        assertEquals("v", scan.value(1));
        assertFalse(scan.plainPairs());
    }

    @Test
    void namesDecodeCannotYieldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PropertyScan(""));
        assertThrows(IllegalArgumentException.class, () -> new PropertyScan("A\u0001B"));
        assertThrows(IllegalArgumentException.class, () -> new PropertyScan("A\u0002"));
    }

    /** Random strings over a small alphabet hit every rule: duplicates, empty names and values, stray separators. */
    @Test
    void randomStringsAreReadAsDecodeReadsThem() {
        Random random = new Random(20240611L);
        char[] alphabet = {'A', 'B', 'x', '\u0001', '\u0002', '\u0001', '\u0002', 'A'};
        PropertyScan scan = new PropertyScan(NAMES);
        for (int n = 0; n < 20_000; n++) {
            char[] chars = new char[random.nextInt(24)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            agreesWithDecode(scan, new String(chars));
        }
    }

    /** Random maps, encoded: everything is found, and the string is plain pairs up to the compared limit. */
    @Test
    void randomEncodedMapsAreReadBackAndArePlainPairs() {
        Random random = new Random(7L);
        PropertyScan scan = new PropertyScan(NAMES);
        for (int n = 0; n < 2_000; n++) {
            Map<String, String> props = new LinkedHashMap<>();
            int size = random.nextInt(40);
            for (int i = 0; i < size; i++) {
                String name = random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)] : "p" + random.nextInt(50);
                props.put(name, "v" + random.nextInt(1000) + (random.nextInt(10) == 0 ? "\u0001y" : ""));
            }
            String s = MessageProperties.encode(props);
            agreesWithDecode(scan, s);
            assertEquals(props.size() <= PropertyScan.MAX_COMPARED_PAIRS, scan.plainPairs());
        }
    }
}
