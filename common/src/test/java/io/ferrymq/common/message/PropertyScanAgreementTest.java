package io.ferrymq.common.message;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PropertyScan} agrees with a reference written the plain way (split on 0x02, cut at the first 0x01, put
 * into a map) on seeded random property strings, hostile ones included: names that share a scan's length, first
 * and last char or String hash with a wanted name without being it, non-ASCII and NUL chars, lone surrogates,
 * stray separators, empty names and values, duplicates, truncation, more pairs than {@code plainPairs} compares.
 */
class PropertyScanAgreementTest {
    private static final char NV = MessageProperties.NAME_VALUE_SEPARATOR;
    private static final char SEP = MessageProperties.PROPERTY_SEPARATOR;

    /** Names a scan may look for: broker names, one-char names, hash twins ("Aa", "BB"), non-ASCII, NUL. */
    private static final String[] WANTED = {
        "TAGS", "KEYS", "UNIQ_KEY", "TRAN_MSG", "TRACE_ON", "CLUSTER", "DELAY", "A", "B", "AB", "Aa", "AaAa",
        "x", "\u00e9", "\u0422AGS", "\u0000", "a\u0000b", "\ud800", "TIMER_DELAY_MS", "TIMER_DELAY_SEC",
    };
    /** Names that are not wanted but look like one: same length, first and last char, same hash, a prefix... */
    private static final String[] LOOKALIKES = {
        "TAXS", "TAG", "TAGSS", "TAGs", " TAGS", "TAGS ", "UNIQXKEY", "TRAN_MSH", "BB", "BBBB", "AaBB", "BBAa",
        "C", "y", "\u00ea", "\u0422AG", "TIMER_DELAY_MX", "WAIT", "orderId", "a\u0001b", "\u0000\u0000",
    };
    private static final String[] VALUES = {
        "", "1", "v", "true", "a\u0001b", "\u0001", "\u00e9\u20ac", "0123456789abcdef0123456789abcdef", "\ud83d\ude00",
        "\u0000", " ", "\u0002",
    };
    private static final char[] GARBAGE = {'A', 'B', 'a', 'x', NV, SEP, NV, SEP, '\u0000', '\u00e9', '\ud800'};

    /** What decode keeps: each segment between 0x02s, cut at its first 0x01, kept with both sides non-empty. */
    private static final class Reference {
        final Map<String, String> map = new HashMap<>();
        final boolean plainPairs;

        Reference(String s) {
            String str = s == null ? "" : s;
            String[] parts = str.split(String.valueOf(SEP), -1);
            // the last part is "" after a trailing 0x02 (or of ""); else it is a last pair without its 0x02
            int segments = str.isEmpty() || str.charAt(str.length() - 1) == SEP ? parts.length - 1 : parts.length;
            boolean plain = true;
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < segments; i++) {
                String segment = parts[i];
                int kv = segment.indexOf(NV);
                if (kv > 0 && kv < segment.length() - 1) {
                    String name = segment.substring(0, kv);
                    map.put(name, segment.substring(kv + 1));
                    plain &= seen.add(name);
                } else {
                    plain = false;
                }
            }
            this.plainPairs = plain && segments <= PropertyScan.MAX_COMPARED_PAIRS;
        }
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    /** A property string: mostly pairs of wanted, lookalike and other names, then maybe damaged. */
    private static String properties(Random random) {
        StringBuilder sb = new StringBuilder();
        int segments = random.nextInt(10) == 0 ? 30 + random.nextInt(10) : random.nextInt(12);
        for (int i = 0; i < segments; i++) {
            if (i > 0) {
                sb.append(SEP);
            }
            int kind = random.nextInt(10);
            if (kind < 8) {
                String name = kind < 3 ? pick(random, WANTED) : kind < 6 ? pick(random, LOOKALIKES) : "p" + random.nextInt(40);
                sb.append(name).append(NV).append(random.nextInt(4) == 0 ? pick(random, VALUES) : "v" + i);
            } else if (kind == 8) {
                sb.append(random.nextBoolean() ? "" : pick(random, VALUES)).append(NV).append(pick(random, VALUES));
            } else {
                for (int n = random.nextInt(6); n > 0; n--) {
                    sb.append(GARBAGE[random.nextInt(GARBAGE.length)]);
                }
            }
        }
        if (segments > 0 && random.nextBoolean()) {
            sb.append(SEP);
        }
        for (int damage = random.nextInt(6) == 0 ? 1 + random.nextInt(3) : 0; damage > 0 && sb.length() > 0; damage--) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.insert(at, GARBAGE[random.nextInt(GARBAGE.length)]);
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.setLength(at);
                default -> sb.append(GARBAGE[random.nextInt(GARBAGE.length)]);
            }
        }
        return sb.toString();
    }

    /** 1 to 8 wanted names, drawn with replacement: a name may be wanted twice. */
    private static String[] wanted(Random random) {
        String[] names = new String[1 + random.nextInt(8)];
        for (int i = 0; i < names.length; i++) {
            names[i] = pick(random, WANTED);
        }
        return names;
    }

    private static String visible(String s) {
        return s == null ? "null" : s.replace(NV, '=').replace(SEP, ';');
    }

    private static void agrees(PropertyScan scan, String[] names, String s, String context) {
        scan.scan(s);
        Reference expected = new Reference(s);
        for (int i = 0; i < names.length; i++) {
            String why = context + ": name " + visible(names[i]) + " (#" + i + ") in " + visible(s);
            String value = expected.map.get(names[i]);
            assertEquals(value, scan.value(i), why);
            assertEquals(value != null, scan.has(i), why);
            assertEquals(value == null ? 0 : value.hashCode(), scan.valueHashCode(i), why);
            assertEquals(TagHash.tagsCode(value), TagHash.tagsCode(scan, i), why);
            if (value != null) {
                assertTrue(scan.valueEquals(i, value), why);
                assertFalse(scan.valueEquals(i, value + "!"), why);
            }
        }
        assertEquals(expected.plainPairs, scan.plainPairs(), context + ": plainPairs of " + visible(s));
    }

    /** 2,000 sets of wanted names, 20 strings each, every scan reused and one set shared by two scans. */
    @Test
    void randomAndHostileStringsAreReadAsTheReferenceReadsThem() {
        long seed = 20250611L;
        Random random = new Random(seed);
        for (int set = 0; set < 2_000; set++) {
            String[] names = wanted(random);
            PropertyScan.Names shared = PropertyScan.Names.of(names);
            PropertyScan[] scans = {new PropertyScan(names), new PropertyScan(shared), new PropertyScan(shared)};
            for (int n = 0; n < 20; n++) {
                String s = random.nextInt(200) == 0 ? null : properties(random);
                agrees(scans[n % scans.length], names, s, "seed " + seed + ", set " + set + ", string " + n);
            }
        }
    }

    /** The reference itself, on the cases PropertyScanTest spells out. */
    @Test
    void theReferenceReadsAsDecodeReads() {
        Random random = new Random(11L);
        for (int n = 0; n < 5_000; n++) {
            String s = properties(random);
            assertEquals(MessageProperties.decode(s), new Reference(s).map, visible(s));
        }
        assertTrue(new Reference("").plainPairs);
        assertTrue(new Reference("A\u00011").plainPairs);
        assertFalse(new Reference("A\u00011\u0002\u0002").plainPairs);
        assertFalse(new Reference("A\u00011\u0002A\u00012\u0002").plainPairs);
    }
}
