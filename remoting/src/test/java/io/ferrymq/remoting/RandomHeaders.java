package io.ferrymq.remoting;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators for the JSON header tests: strings from every class of character a header may carry, and
 * commands built from them. The same seed gives the same sequence, so a failure names its input.
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
}
