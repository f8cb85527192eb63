package io.ferrymq.remoting;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators for the JSON header tests: strings from every class of character a header may carry,
 * commands built from them, and header bytes both well formed and hostile. The same seed gives the same sequence,
 * so a failure names its input.
 */
final class RandomHeaders {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.%";
    private static final int[] EDGE_INTS = {0, 1, -1, 9, 10, -10, 99, 100, 310, 475, 479, 999_999,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1, 1_000_000_000, -999_999_999};

    private RandomHeaders() {
    }

    /** A string of one randomly chosen kind: plain, ASCII with escapes, Latin-1, any UTF-16 (lone surrogates too). */
    static String text(Random r) {
        int kind = r.nextInt(10);
        int length = kind == 9 ? 200 + r.nextInt(3000) : r.nextInt(r.nextBoolean() ? 4 : 40);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (kind) {
                case 0, 1, 2, 9 -> s.append(kind == 9 && r.nextInt(500) == 0 ? anyChar(r) : LETTERS.charAt(r.nextInt(LETTERS.length())));
                case 3 -> s.append((char) r.nextInt(0x80));
                case 4 -> s.append(r.nextInt(4) == 0 ? (char) r.nextInt(0x20) : LETTERS.charAt(r.nextInt(LETTERS.length())));
                case 5 -> s.append((char) r.nextInt(0x100));
                case 6 -> s.appendCodePoint(r.nextInt(Character.MAX_CODE_POINT + 1));
                case 7 -> s.append((char) r.nextInt(0x10000));
                default -> s.append(anyChar(r));
            }
        }
        return s.toString();
    }

    /** A character of a class chosen uniformly: control, ASCII, quote or backslash, 2-byte, 3-byte, pair, lone half. */
    private static String anyChar(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> String.valueOf((char) r.nextInt(0x20));
            case 1 -> String.valueOf((char) (0x20 + r.nextInt(0x60)));
            case 2 -> r.nextBoolean() ? "\"" : "\\";
            case 3 -> String.valueOf((char) (0x80 + r.nextInt(0x780)));
            case 4 -> String.valueOf((char) (0x800 + r.nextInt(0xD800 - 0x800)));
            case 5 -> String.valueOf((char) (0xE000 + r.nextInt(0x2000)));
            case 6 -> new String(Character.toChars(0x10000 + r.nextInt(0x100000)));
            case 7 -> String.valueOf((char) (0xD800 + r.nextInt(0x800)));
            default -> "\u0001\u0002\u007f\u2028";
        };
    }

    /** A string with no lone surrogates: what survives UTF-8 unchanged. */
    static String encodableText(Random r) {
        String s = text(r);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static int integer(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> EDGE_INTS[r.nextInt(EDGE_INTS.length)];
            case 1 -> r.nextInt(1000);
            default -> r.nextInt();
        };
    }

    /** A command with every header field random; {@code encodable} keeps lone surrogates and null entries out. */
    static RemotingCommand command(Random r, boolean encodable) {
        RemotingCommand cmd = new RemotingCommand().code(integer(r)).flag(integer(r)).opaque(integer(r))
                .version(integer(r)).language(LanguageCode.values()[r.nextInt(LanguageCode.values().length)]);
        if (r.nextInt(3) == 0) {
            cmd.remark(encodable ? encodableText(r) : text(r));
        }
        int size = switch (r.nextInt(5)) {
            case 0 -> -1;
            case 1 -> 0;
            case 2 -> 14;
            default -> r.nextInt(20);
        };
        if (size >= 0) {
            Map<String, String> ext = new HashMap<>();
            for (int i = 0; i < size; i++) {
                String key = encodable ? encodableText(r) : text(r);
                String value = encodable ? encodableText(r) : text(r);
                if (!encodable && r.nextInt(20) == 0) {
                    ext.put(r.nextBoolean() ? null : key, r.nextBoolean() ? null : value);
                } else {
                    ext.put(key, value);
                }
            }
            cmd.extFields(ext);
        }
        return cmd;
    }

    private static final String[] INT_FIELDS = {"code", "flag", "opaque", "version"};
    private static final String[] OTHER_NAMES = {"language", "remark", "extFields", "serializeTypeCurrentRPC",
        "unknown", "", "co\\u0064e", "\u00e9", "codes", "cod"};
    private static final String[] BLANKS = {"", "", "", " ", "  ", "\n", "\r\n", "\t", "\f", "\b", "\u000b", "\u0000"};
    private static final String[] ODD_VALUES = {"true", "false", "null", "nul", "1.5", "1e3", "-1E-2", "0.0", "+1",
        "007", "-01", "-", "-0", "00", "99999999999999999999", "123456789012345678", "1234567890123456789",
        "-9223372036854775808", "9223372036854775807", "18446744073709551616", "{}", "[]", "[1,2]", "{\"x\":[1,{}]}",
        "{\"a\":\"b\"}", "'single'", "\"\"", "\" 12 \"", "\"12\"", "\"x\"", "\"-7\"", "\"2147483648\"", "NaN", "[1/]",
        "/**/1", "1//", "\"\\x41\"", "\"\\q\"", "\"\\u12\"", "\"\\u00zz\"", "\"\\uD800\"", "\"\\uDE00\\uD83D\""};
    private static final String[] INSERTS = {"/", "/*c*/", "//", ",", ",,", ":", "{", "}", "[", "]", "\"", "\\",
        "'", " ", "\u0001", "null", "1", "-", "\\u0041", "\u00e9", "\ud83d\ude00"};

    /**
     * JSON header bytes: sometimes exactly what a client writes, often with something odd in one place (a value of
     * another type, a number in another form, an escape, blank, comment, comma or quote of another kind, bytes that
     * are not UTF-8, repeated keys), and sometimes cut short or mutated at random.
     */
    static byte[] jsonHeader(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Oddity oddness = Oddity.random(r);
        write(out, blank(r, oddness));
        out.write('{');
        int members = r.nextInt(9);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                write(out, oddness.at(r, Oddity.SEPARATOR) ? new String[] {"", ",,", " ", ",\n"}[r.nextInt(4)] : ",");
            }
            write(out, blank(r, oddness));
            int which = r.nextInt(INT_FIELDS.length + OTHER_NAMES.length);
            String name = which < INT_FIELDS.length ? INT_FIELDS[which] : OTHER_NAMES[which - INT_FIELDS.length];
            write(out, oddness.at(r, Oddity.NAME) && r.nextInt(4) == 0 ? "'" + name + "'" : "\"" + name + "\"");
            write(out, blank(r, oddness));
            out.write(':');
            write(out, blank(r, oddness));
            if (oddness.at(r, Oddity.VALUE)) {
                write(out, ODD_VALUES[r.nextInt(ODD_VALUES.length)]);
            } else if (name.equals("extFields")) {
                extFields(out, r, oddness);
            } else if (which < INT_FIELDS.length || r.nextInt(4) == 0) {
                write(out, Integer.toString(integer(r)));
            } else if (name.equals("language") && r.nextBoolean()) {
                write(out, "\"" + (r.nextBoolean() ? "JAVA" : LanguageCode.values()[r.nextInt(14)].name()) + "\"");
            } else {
                string(out, r, oddness);
            }
            write(out, blank(r, oddness));
        }
        if (oddness.at(r, Oddity.SEPARATOR) && r.nextInt(3) == 0) {
            out.write(',');
        }
        out.write('}');
        write(out, blank(r, oddness));
        if (oddness.at(r, Oddity.TRAILING) && r.nextInt(3) == 0) {
            write(out, INSERTS[r.nextInt(INSERTS.length)]);
        }
        return mutate(out.toByteArray(), r);
    }

    private static void extFields(ByteArrayOutputStream out, Random r, Oddity oddness) {
        out.write('{');
        int entries = r.nextInt(4) == 0 ? 14 : r.nextInt(6);
        for (int i = 0; i < entries; i++) {
            if (i > 0) {
                write(out, oddness.at(r, Oddity.SEPARATOR) ? new String[] {"", ",,", " "}[r.nextInt(3)] : ",");
            }
            write(out, blank(r, oddness));
            if (r.nextInt(3) == 0) {
                write(out, "\"" + (char) ('a' + r.nextInt(14)) + "\""); // as SEND_MESSAGE_V2 names its fields
            } else {
                string(out, r, oddness);
            }
            write(out, blank(r, oddness));
            out.write(':');
            write(out, blank(r, oddness));
            if (oddness.at(r, Oddity.VALUE)) {
                write(out, ODD_VALUES[r.nextInt(ODD_VALUES.length)]);
            } else if (r.nextInt(4) == 0) {
                write(out, r.nextBoolean() ? Integer.toString(integer(r)) : Long.toString(r.nextLong() >> r.nextInt(64)));
            } else {
                string(out, r, oddness);
            }
            write(out, blank(r, oddness));
        }
        if (oddness.at(r, Oddity.SEPARATOR) && r.nextInt(3) == 0) {
            out.write(',');
        }
        out.write('}');
    }

    /** A quoted string of random text, escaped as JSON allows (short or backslash-u forms, either hex case). */
    private static void string(ByteArrayOutputStream out, Random r, Oddity oddness) {
        out.write('"');
        String s = text(r);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (oddness.at(r, Oddity.STRING) && r.nextInt(16) == 0) {
                oddStringPart(out, r);
            }
            if (c == '"' || c == '\\') {
                write(out, "\\" + c);
            } else if (c < 0x20 || Character.isSurrogate(c) && r.nextBoolean() || r.nextInt(40) == 0) {
                String shortForm = switch (c) {
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '/' -> "\\/";
                    default -> null;
                };
                String hex = String.format("\\u%04x", (int) c);
                write(out, shortForm != null && r.nextBoolean() ? shortForm : r.nextBoolean() ? hex : hex.toUpperCase().replace("\\U", "\\u"));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                write(out, s.substring(i, i + 2));
                i++;
            } else {
                write(out, String.valueOf(c)); // a lone surrogate becomes '?' here
            }
        }
        out.write('"');
    }

    /** Inside a string: a raw control character, a bad escape, or bytes that are not well-formed UTF-8. */
    private static void oddStringPart(ByteArrayOutputStream out, Random r) {
        switch (r.nextInt(6)) {
            case 0 -> out.write(r.nextInt(0x20));
            case 1 -> write(out, new String[] {"\\x41", "\\q", "\\u12", "\\u00g0", "\\0", "\\'", "\\U0041", "/", "//"}[r.nextInt(9)]);
            case 2 -> out.write(0x80 + r.nextInt(0x80)); // a lone byte of a multi-byte sequence
            case 3 -> {
                int[][] bad = {{0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xED, 0xA0, 0x80}, {0xF0, 0x80, 0x80, 0x80},
                    {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xE4, 0xB8}, {0xF0, 0x9F, 0x98}, {0xFF}, {0xFE}};
                for (int x : bad[r.nextInt(bad.length)]) {
                    out.write(x);
                }
            }
            case 4 -> write(out, new String(Character.toChars(r.nextInt(Character.MAX_CODE_POINT + 1)))
                    .replace('\\', 'x').replace('"', 'y'));
            default -> out.write(0x7F);
        }
    }

    /** A fifth of headers: cut short, or a byte changed, dropped, or inserted; or a piece of JSON syntax put in. */
    private static byte[] mutate(byte[] h, Random r) {
        if (r.nextInt(5) != 0 || h.length == 0) {
            return h;
        }
        int at = r.nextInt(h.length);
        return switch (r.nextInt(5)) {
            case 0 -> Arrays.copyOf(h, at);
            case 1 -> {
                byte[] m = h.clone();
                m[at] = (byte) r.nextInt(256);
                yield m;
            }
            case 2 -> {
                byte[] m = new byte[h.length - 1];
                System.arraycopy(h, 0, m, 0, at);
                System.arraycopy(h, at + 1, m, at, h.length - at - 1);
                yield m;
            }
            default -> {
                byte[] insert = INSERTS[r.nextInt(INSERTS.length)].getBytes(StandardCharsets.UTF_8);
                byte[] m = new byte[h.length + insert.length];
                System.arraycopy(h, 0, m, 0, at);
                System.arraycopy(insert, 0, m, at, insert.length);
                System.arraycopy(h, at, m, at + insert.length, h.length - at);
                yield m;
            }
        };
    }

    /**
     * Where a header may be odd (a set of kinds of place) and how often (one place in so many), so that many
     * headers have one odd thing in an otherwise plain header, which the fast path must then judge alone.
     */
    private record Oddity(int kinds, int oneIn) {
        static final int SEPARATOR = 1;
        static final int NAME = 2;
        static final int VALUE = 4;
        static final int STRING = 8;
        static final int BLANK = 16;
        static final int TRAILING = 32;

        static Oddity random(Random r) {
            int kinds = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(64);
                default -> 1 << r.nextInt(6);
            };
            return new Oddity(kinds, 1 + r.nextInt(40));
        }

        boolean at(Random r, int kind) {
            return (kinds & kind) != 0 && r.nextInt(oneIn) == 0;
        }
    }

    private static String blank(Random r, Oddity oddness) {
        String b = BLANKS[r.nextInt(BLANKS.length)];
        boolean jsonBlank = b.chars().allMatch(c -> c == ' ' || c == '\n' || c == '\r' || c == '\t');
        return jsonBlank || oddness.at(r, Oddity.BLANK) ? b : " ";
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
