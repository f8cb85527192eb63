package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes a command's JSON header as UTF-8 bytes, by hand, byte for byte what fastjson2's {@code JSONWriter.ofUTF8()}
 * wrote before (the test suite holds the two to the same bytes), so every peer reads it as it always has.
 *
 * <p>Why not the library: this runs once per frame sent, and fastjson2's writer was about 8.6% of the broker's CPU
 * samples under the official client in request-heavy runs. For a document whose shape never changes, hand-writing
 * it saves real work: the fixed parts are constant byte arrays, integers need no long division, extFields names (a
 * small set) come from a per-thread cache of their encoded form, runs of text that need no escape are copied whole,
 * and the frame encoder copies the header once, from this writer's buffer into the frame. The old fastjson2 writer
 * is kept in the tests as the reference the output is held to.
 *
 * <p>Layout, in this order ({@code extFields} and {@code remark} only when not null; extFields entries with a null
 * key or value are left out):
 * <pre>
 * {"code":N,"extFields":{"k":"v",...},"flag":N,"language":"JAVA","opaque":N,"remark":"...",
 *  "serializeTypeCurrentRPC":"JSON","version":N}
 * </pre>
 * Strings are escaped as fastjson2 does: {@code \"}, {@code \\}, {@code \b \t \n \f \r}, any other control
 * character as <code>&#92;u00XX</code> (lower-case hex); everything else, DEL included, is written raw as UTF-8, and a
 * surrogate without its pair as {@code ?} (what UTF-8 cannot carry; also what {@code String.getBytes} writes).
 *
 * <p>Each thread keeps one writer (scratch buffer and name cache): a frame's header is copied from it straight
 * into the frame, and no array is allocated per header.
 */
final class JsonHeaderWriter {
    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
    private static final byte[] FLAG = ascii(",\"flag\":");
    /** {@code ,"language":"<NAME>","opaque":} for each language: the name never needs escaping. */
    private static final byte[][] LANGUAGE_AND_OPAQUE = new byte[LanguageCode.values().length][];
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] SERIALIZE_TYPE_AND_VERSION =
            ascii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    /** Escape for each ASCII character: 0 written raw, 'u' as backslash-u-00XX, else backslash and this letter. */
    private static final byte[] ESCAPE = new byte[128];
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] MIN_INT = ascii("-2147483648");
    /**
     * Strings this long or longer are encoded by the JDK (a vectorised copy for Latin-1 text) and scanned for bytes
     * to escape 8 at a time; for shorter ones the fixed cost of that is more than a char-by-char copy.
     */
    private static final int BULK_FROM = 16;
    /** Slots of the per-thread cache of encoded extFields names; names longer than a slot's limit are not cached. */
    private static final int NAME_SLOTS = 64;
    private static final int MAX_CACHED_NAME_BYTES = 64;
    /** Scratch buffers above this are not kept, so one huge header does not pin memory for the thread's life. */
    private static final int MAX_KEPT_SCRATCH = 64 * 1024;
    private static final ThreadLocal<JsonHeaderWriter> WRITERS = ThreadLocal.withInitial(JsonHeaderWriter::new);

    static {
        for (LanguageCode lc : LanguageCode.values()) {
            LANGUAGE_AND_OPAQUE[lc.ordinal()] = ascii(",\"language\":\"" + lc.name() + "\",\"opaque\":");
        }
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
    }

    private byte[] buf = new byte[1024];
    private int pos;
    /** An extFields name, and its quoted, escaped form followed by ':', in the slot of its hash code. */
    private final String[] names = new String[NAME_SLOTS];
    private final byte[][] encodedNames = new byte[NAME_SLOTS][];
    private boolean firstEntry;

    private JsonHeaderWriter() {
    }

    /** The header of {@code cmd}, in an array of its own. */
    static byte[] write(RemotingCommand cmd) {
        JsonHeaderWriter w = ofThisThread();
        int length = w.writeHeader(cmd); // first: writing may replace the buffer
        return Arrays.copyOf(w.buf, length);
    }

    /** The calling thread's writer. */
    static JsonHeaderWriter ofThisThread() {
        return WRITERS.get();
    }

    /**
     * Writes the header of {@code cmd} into this writer's buffer, where it stays until this thread writes another,
     * and returns its length. With {@link #copyTo} the frame encoder copies it once, straight into the frame.
     */
    int writeHeader(RemotingCommand cmd) {
        if (buf.length > MAX_KEPT_SCRATCH) {
            buf = new byte[1024];
        }
        pos = 0;
        raw(CODE);
        integer(cmd.code());
        Map<String, String> ext = cmd.extFields();
        if (ext != null) {
            raw(EXT_FIELDS);
            firstEntry = true;
            ext.forEach(this::entry); // HashMap.forEach walks the table directly: cheaper than its iterator
            raw((byte) '}');
        }
        raw(FLAG);
        integer(cmd.flag());
        raw(LANGUAGE_AND_OPAQUE[cmd.language().ordinal()]);
        integer(cmd.opaque());
        if (cmd.remark() != null) {
            raw(REMARK);
            string(cmd.remark());
        }
        raw(SERIALIZE_TYPE_AND_VERSION);
        integer(cmd.version());
        raw((byte) '}');
        return pos;
    }

    /** Appends the header last written to {@code out}. */
    void copyTo(ByteBuf out) {
        out.writeBytes(buf, 0, pos);
    }

    private void entry(String name, String value) {
        if (name == null || value == null) {
            return;
        }
        if (!firstEntry) {
            raw((byte) ',');
        }
        firstEntry = false;
        name(name);
        string(value);
    }

    /** {@code "name":}, from the cache when this thread wrote the same name before. */
    private void name(String name) {
        int slot = name.hashCode() & (NAME_SLOTS - 1);
        String cached = names[slot];
        if (cached != null && (cached == name || cached.equals(name))) {
            raw(encodedNames[slot]);
            return;
        }
        int start = pos;
        string(name);
        raw((byte) ':');
        if (pos - start <= MAX_CACHED_NAME_BYTES) {
            names[slot] = name;
            encodedNames[slot] = Arrays.copyOfRange(buf, start, pos);
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void raw(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void integer(int v) {
        if (v == Integer.MIN_VALUE) {
            raw(MIN_INT); // the one int whose magnitude is not an int
            return;
        }
        ensure(11);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6
                : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
        int p = pos + digits;
        pos = p;
        do {
            int q = v / 10;
            buf[--p] = (byte) ('0' + v - q * 10);
            v = q;
        } while (v != 0);
    }

    /**
     * A quoted string. A short one: its plain-ASCII prefix in one loop, the rest (if any) through
     * {@link #escapedTail}; a long one through {@link #utf8}.
     */
    private void string(String s) {
        int n = s.length();
        if (n >= BULK_FROM) {
            utf8(s.getBytes(StandardCharsets.UTF_8)); // a lone surrogate becomes '?', as fastjson2 writes it
            return;
        }
        ensure(n + 2L);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPE[c] != 0) {
                pos = p;
                escapedTail(s, i);
                return;
            }
            b[p++] = (byte) c;
        }
        b[p++] = '"';
        pos = p;
    }

    private void escapedTail(String s, int from) {
        int n = s.length();
        // the most one char takes is 6 bytes (backslash-u-00XX); a surrogate pair takes 4 for its 2 chars
        ensure((n - from) * 6L + 1);
        byte[] b = buf;
        int p = pos;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (ESCAPE[c] == 0) {
                    b[p++] = (byte) c;
                } else {
                    pos = p;
                    escape(c);
                    p = pos;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                b[p++] = '?'; // an unpaired surrogate has no UTF-8 form
            }
        }
        b[p++] = '"';
        pos = p;
    }

    /** A quoted string from its UTF-8 bytes: runs that need no escape copied whole, found 8 bytes at a time. */
    private void utf8(byte[] u) {
        int n = u.length;
        ensure(n + 2L);
        buf[pos++] = '"';
        int i = 0;
        while (true) {
            int run = i;
            while (i <= n - 8 && !JsonBytes.needsEscape(JsonBytes.word(u, i))) {
                i += 8;
            }
            while (i < n && (u[i] < 0 || ESCAPE[u[i]] == 0)) { // bytes of non-ASCII characters are >= 0x80
                i++;
            }
            System.arraycopy(u, run, buf, pos, i - run);
            pos += i - run;
            if (i == n) {
                break;
            }
            ensure(6 + (n - i));
            escape(u[i++]);
        }
        buf[pos++] = '"';
    }

    /** The escape of an ASCII character that needs one; the caller has ensured room for 6 bytes. */
    private void escape(int c) {
        byte[] b = buf;
        int p = pos;
        byte escape = ESCAPE[c];
        b[p++] = '\\';
        if (escape == 'u') {
            b[p++] = 'u';
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xF];
        } else {
            b[p++] = escape;
        }
        pos = p;
    }

    /** Room for {@code more} bytes; a long so that a worst-case estimate for a huge string cannot overflow. */
    private void ensure(long more) {
        long needed = pos + more;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("JSON header of over " + needed + " bytes cannot be encoded");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(buf.length * 2L, needed));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
