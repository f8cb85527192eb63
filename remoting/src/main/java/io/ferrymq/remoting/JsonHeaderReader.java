package io.ferrymq.remoting;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Fast path for reading a JSON header: one pass over the bytes for the well-formed headers real clients send, such
 * as {@code {"code":310,"extFields":{"a":"..."},"flag":0,"language":"JAVA","opaque":12,
 * "serializeTypeCurrentRPC":"JSON","version":475}}. For anything else it returns null, never throws, and the caller
 * reads the header with {@link FastjsonHeaderDecoder}, which gives the answer or the error it always gave.
 *
 * <p>Why by hand: this runs once per frame received, and broker profiles under the official client put the
 * fastjson2 read (with its comment pre-scan) at about 9.5% of CPU samples in request-heavy runs.
 *
 * <p>What it reads, a strict subset of JSON on which fastjson2's reading is plain:
 * <pre>
 * header = ws '{' ws [member *(ws ',' ws member)] ws '}' ws        (and nothing after)
 * member = string ws ':' ws value
 * value  = string | integer | (for extFields only) '{' ws [string ws ':' ws (string | integer) ...] ws '}'
 * integer = ['-'] ('0' | [1-9] up to 17 more digits)                (fits a long: no overflow to think about)
 * string = '"' *(ASCII 0x20-0x7F but '"' and '\' | well-formed UTF-8 | escape) '"'
 * escape = backslash then one of  " \ / b f n r t  or  u and 4 hex digits
 * ws     = space, tab, CR, LF
 * </pre>
 * Everything outside it goes to fastjson2: comments (so this pass also does the comment pre-scan's job), fractions
 * and exponents, longer numbers, leading zeros, true/false/null, nested values, raw control characters, malformed
 * UTF-8 (fastjson2 substitutes U+FFFD, or refuses, case by case), fastjson2's own escapes and leniencies (single
 * quotes, missing or trailing commas, form feed as blank), escaped top-level names, an extFields name with both an
 * escape and non-ASCII text (fastjson2 2.0.53 refuses it when that text has a 4-byte character), trailing bytes,
 * and a string an integer field cannot parse. Inside the subset the answer is fastjson2's: of repeated keys the
 * last wins (top level and extFields); an integer in extFields or as the language is read as its decimal form
 * ({@code -0} as {@code 0}); an integer field is the number's low 32 bits, or a string's trimmed parse.
 *
 * <p>One instance per header, on the calling thread.
 */
final class JsonHeaderReader {
    /** Keys of one ASCII character, as the official client's SEND_MESSAGE_V2 header uses (a to n): no allocation. */
    private static final String[] ONE_CHAR_KEYS = new String[128];
    private static final int MAX_DIGITS = 18;

    static {
        for (int c = 0x20; c < 0x80; c++) {
            ONE_CHAR_KEYS[c] = String.valueOf((char) c).intern();
        }
    }

    private final byte[] b;
    private final int end;
    private int pos;
    /** The last string scanned: its content is {@code b[strStart, strEnd)}, raw. */
    private int strStart;
    private int strEnd;
    private boolean strEscaped;
    private boolean strNonAscii;
    /** The last integer scanned. */
    private long number;

    private JsonHeaderReader(byte[] bytes) {
        this.b = bytes;
        this.end = bytes.length;
    }

    /** The command, or null when the header is outside the subset this class reads. */
    static RemotingCommand read(byte[] bytes) {
        return new JsonHeaderReader(bytes).header();
    }

    private RemotingCommand header() {
        skipBlanks();
        if (!next('{')) {
            return null;
        }
        RemotingCommand cmd = new RemotingCommand();
        skipBlanks();
        if (!next('}')) {
            do {
                skipBlanks();
                if (!member(cmd)) {
                    return null;
                }
                skipBlanks();
            } while (next(','));
            if (!next('}')) {
                return null;
            }
        }
        skipBlanks();
        return pos == end ? cmd : null;
    }

    /** One top-level name and value, applied to {@code cmd}; false when outside the subset. */
    private boolean member(RemotingCommand cmd) {
        if (peek() != '"' || !scanString() || strEscaped) {
            return false; // an escape could spell a field's name: leave that to fastjson2
        }
        int nameStart = strStart;
        int nameLength = strEnd - strStart;
        if (!colon()) {
            return false;
        }
        switch (nameLength) {
            case 4 -> {
                if (nameIs(nameStart, "code")) {
                    return intField(cmd, 0);
                }
                if (nameIs(nameStart, "flag")) {
                    return intField(cmd, 1);
                }
            }
            case 6 -> {
                if (nameIs(nameStart, "opaque")) {
                    return intField(cmd, 2);
                }
                if (nameIs(nameStart, "remark")) {
                    if (peek() != '"' || !scanString()) {
                        return false;
                    }
                    cmd.remark(stringValue());
                    return true;
                }
            }
            case 7 -> {
                if (nameIs(nameStart, "version")) {
                    return intField(cmd, 3);
                }
            }
            case 8 -> {
                if (nameIs(nameStart, "language")) {
                    return language(cmd);
                }
            }
            case 9 -> {
                if (nameIs(nameStart, "extFields")) {
                    Map<String, String> ext = extFields();
                    cmd.extFields(ext);
                    return ext != null;
                }
            }
            default -> {
            }
        }
        return scanScalar() != 0; // an unknown key: skipped, as fastjson2's reader does
    }

    /** code (0), flag (1), opaque (2) or version (3): a number's low 32 bits, or a string's trimmed parse. */
    private boolean intField(RemotingCommand cmd, int which) {
        int value;
        int kind = scanScalar();
        if (kind == 'n') {
            value = (int) number;
        } else if (kind == '"') {
            try {
                value = Integer.parseInt(stringValue().trim());
            } catch (NumberFormatException e) {
                return false; // fastjson2's path names the field in its error
            }
        } else {
            return false;
        }
        switch (which) {
            case 0 -> cmd.code(value);
            case 1 -> cmd.flag(value);
            case 2 -> cmd.opaque(value);
            default -> cmd.version(value);
        }
        return true;
    }

    private boolean language(RemotingCommand cmd) {
        int kind = scanScalar();
        if (kind == '"') {
            boolean java = !strEscaped && strEnd - strStart == 4 && nameIs(strStart, "JAVA");
            cmd.language(java ? LanguageCode.JAVA : LanguageCode.parse(stringValue()));
            return true;
        }
        if (kind == 'n') {
            cmd.language(LanguageCode.parse(Long.toString(number)));
            return true;
        }
        return false;
    }

    /** The extFields object, or null when outside the subset. */
    private Map<String, String> extFields() {
        if (!next('{')) {
            return null;
        }
        // pairs collected first, so the map is created at its final size: a SEND_MESSAGE_V2 header has 13-14
        String[] pairs = new String[32];
        int n = 0;
        skipBlanks();
        if (!next('}')) {
            do {
                skipBlanks();
                if (peek() != '"' || !scanString() || strEscaped && strNonAscii) {
                    return null; // fastjson2 2.0.53 refuses a name with an escape and a 4-byte UTF-8 character
                }
                String key = strEnd - strStart == 1 && !strEscaped ? ONE_CHAR_KEYS[b[strStart]] : stringValue();
                if (!colon()) {
                    return null;
                }
                int kind = scanScalar();
                if (kind == 0) {
                    return null;
                }
                if (n == pairs.length) {
                    pairs = Arrays.copyOf(pairs, n * 2);
                }
                pairs[n++] = key;
                pairs[n++] = kind == '"' ? stringValue() : Long.toString(number);
                skipBlanks();
            } while (next(','));
            if (!next('}')) {
                return null;
            }
        }
        Map<String, String> ext = new HashMap<>(Math.max(16, (int) (n / 2 / 0.75f) + 1));
        for (int i = 0; i < n; i += 2) {
            ext.put(pairs[i], pairs[i + 1]);
        }
        return ext;
    }

    /** Scans a string or an integer: returns '"' or 'n' (see {@link #number}), or 0 when it is neither. */
    private int scanScalar() {
        int c = peek();
        if (c == '"') {
            return scanString() ? '"' : 0;
        }
        return (c == '-' || c >= '0' && c <= '9') && scanInteger() ? 'n' : 0;
    }

    private boolean scanInteger() {
        int p = pos;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int first = p;
        long v = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            v = v * 10 + (b[p] - '0');
            p++;
        }
        int digits = p - first;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && b[first] == '0') {
            return false;
        }
        if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
            return false; // a fraction or exponent: fastjson2 reads it as a decimal or double
        }
        number = negative ? -v : v;
        pos = p;
        return true;
    }

    /**
     * Scans the string whose opening quote is at {@link #pos}, checking every escape and UTF-8 sequence, and leaves
     * {@link #pos} after the closing quote; false when the string is outside the subset.
     */
    private boolean scanString() {
        byte[] b = this.b;
        int p = pos + 1;
        int start = p;
        boolean escaped = false;
        boolean nonAscii = false;
        while (true) {
            if (p >= end) {
                return false;
            }
            int c = b[p];
            if (c == '"') {
                break;
            }
            if (c >= 0x20 && c != '\\') {
                p++;
            } else if (c == '\\') {
                int length = escapeLength(p);
                if (length == 0) {
                    return false;
                }
                p += length;
                escaped = true;
            } else if (c < 0) {
                int length = utf8Length(p);
                if (length == 0) {
                    return false;
                }
                p += length;
                nonAscii = true;
            } else {
                return false; // a raw control character: not JSON, though fastjson2 takes it
            }
        }
        strStart = start;
        strEnd = p;
        strEscaped = escaped;
        strNonAscii = nonAscii;
        pos = p + 1;
        return true;
    }

    /** Bytes of the escape at {@code p} (a backslash), or 0 when it is not a JSON escape. */
    private int escapeLength(int p) {
        if (p + 1 >= end) {
            return 0;
        }
        switch (b[p + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return 2;
            }
            case 'u' -> {
                return p + 5 < end && hex(b[p + 2]) >= 0 && hex(b[p + 3]) >= 0 && hex(b[p + 4]) >= 0
                        && hex(b[p + 5]) >= 0 ? 6 : 0;
            }
            default -> {
                return 0;
            }
        }
    }

    /**
     * Bytes of the well-formed UTF-8 sequence at {@code p} (RFC 3629: shortest form, no surrogates, at most
     * U+10FFFF), or 0.
     */
    private int utf8Length(int p) {
        int c = b[p] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) {
            return p + 1 < end && isContinuation(b[p + 1]) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            if (p + 2 >= end || !isContinuation(b[p + 1]) || !isContinuation(b[p + 2])) {
                return 0;
            }
            int c1 = b[p + 1] & 0xFF;
            boolean overlong = c == 0xE0 && c1 < 0xA0;
            boolean surrogate = c == 0xED && c1 >= 0xA0;
            return overlong || surrogate ? 0 : 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (p + 3 >= end || !isContinuation(b[p + 1]) || !isContinuation(b[p + 2]) || !isContinuation(b[p + 3])) {
                return 0;
            }
            int c1 = b[p + 1] & 0xFF;
            boolean overlong = c == 0xF0 && c1 < 0x90;
            boolean tooHigh = c == 0xF4 && c1 >= 0x90;
            return overlong || tooHigh ? 0 : 4;
        }
        return 0;
    }

    private static boolean isContinuation(byte x) {
        return (x & 0xC0) == 0x80;
    }

    private static int hex(byte x) {
        if (x >= '0' && x <= '9') {
            return x - '0';
        }
        if (x >= 'a' && x <= 'f') {
            return x - 'a' + 10;
        }
        if (x >= 'A' && x <= 'F') {
            return x - 'A' + 10;
        }
        return -1;
    }

    /** The last string scanned, decoded; its bytes are known to be well formed. */
    private String stringValue() {
        int length = strEnd - strStart;
        if (!strEscaped) {
            // ISO-8859-1 for pure ASCII: the JDK copies the bytes as they are, with no decoding
            return new String(b, strStart, length, strNonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        return strNonAscii ? decodeEscapedUtf8() : decodeEscapedAscii();
    }

    /**
     * An escaped string of ASCII bytes, as Latin-1 bytes (the compact form the JDK keeps it in) with escape-free runs
     * copied whole: the properties value of every SEND_MESSAGE_V2 header has its separators escaped (backslash-u
     * 0001 and 0002). An escape beyond Latin-1 is left to {@link #decodeEscapedUtf8}.
     */
    private String decodeEscapedAscii() {
        byte[] out = new byte[strEnd - strStart];
        int n = 0;
        int p = strStart;
        while (p < strEnd) {
            int run = p;
            while (p <= strEnd - 8 && !JsonBytes.needsEscape(JsonBytes.word(b, p))) {
                p += 8;
            }
            while (p < strEnd && b[p] != '\\') {
                p++;
            }
            System.arraycopy(b, run, out, n, p - run);
            n += p - run;
            if (p == strEnd) {
                break;
            }
            char c = escapedChar(p);
            if (c > 0xFF) {
                return decodeEscapedUtf8();
            }
            out[n++] = (byte) c;
            p += b[p + 1] == 'u' ? 6 : 2;
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Any escaped string, char by char. */
    private String decodeEscapedUtf8() {
        char[] out = new char[strEnd - strStart]; // never more chars than bytes: an escape or a UTF-8 sequence shrinks
        int n = 0;
        int p = strStart;
        while (p < strEnd) {
            int c = b[p];
            if (c == '\\') {
                out[n++] = escapedChar(p);
                p += b[p + 1] == 'u' ? 6 : 2;
            } else if (c >= 0) {
                out[n++] = (char) c;
                p++;
            } else {
                int length = utf8Length(p);
                int cp = switch (length) {
                    case 2 -> (c & 0x1F) << 6 | b[p + 1] & 0x3F;
                    case 3 -> (c & 0x0F) << 12 | (b[p + 1] & 0x3F) << 6 | b[p + 2] & 0x3F;
                    default -> (c & 0x07) << 18 | (b[p + 1] & 0x3F) << 12 | (b[p + 2] & 0x3F) << 6 | b[p + 3] & 0x3F;
                };
                n += Character.toChars(cp, out, n);
                p += length;
            }
        }
        return new String(out, 0, n);
    }

    /** The char of the (already checked) escape at {@code p}. */
    private char escapedChar(int p) {
        byte e = b[p + 1];
        return switch (e) {
            case 'u' -> (char) (hex(b[p + 2]) << 12 | hex(b[p + 3]) << 8 | hex(b[p + 4]) << 4 | hex(b[p + 5]));
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> (char) e; // '"', '\\' or '/'
        };
    }

    private boolean nameIs(int start, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (b[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean colon() {
        skipBlanks();
        if (!next(':')) {
            return false;
        }
        skipBlanks();
        return true;
    }

    private void skipBlanks() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < end ? b[pos] : -1;
    }

    private boolean next(char c) {
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }
}
