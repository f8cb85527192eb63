package io.ferrymq.remoting;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 8-byte test the header writer and reader step over string text with: it must flag every word holding a byte a
 * JSON string escapes, wherever that byte is; it may flag more (callers then look byte by byte), but never a word
 * of plain text.
 */
class JsonBytesTest {

    @Test
    void everyByteAStringEscapesIsFlaggedAtEveryPosition() {
        for (int position = 0; position < 8; position++) {
            for (int value = 0; value < 256; value++) {
                byte[] word = new byte[8];
                Arrays.fill(word, (byte) 'a');
                word[position] = (byte) value;
                boolean escaped = value < 0x20 || value == '"' || value == '\\';
                if (escaped) {
                    assertTrue(JsonBytes.needsEscape(JsonBytes.word(word, 0)),
                            "byte 0x" + Integer.toHexString(value) + " at " + position);
                }
            }
        }
    }

    @Test
    void aWordOfTextWithoutQuoteBackslashOrControlBytesIsNotFlagged() {
        Random random = new Random(42);
        byte[] word = new byte[8];
        for (int i = 0; i < 100_000; i++) {
            for (int j = 0; j < 8; j++) {
                byte c;
                do {
                    c = (byte) (0x20 + random.nextInt(0xE0)); // printable ASCII and bytes of UTF-8 sequences
                } while (c == '"' || c == '\\');
                word[j] = c;
            }
            assertFalse(JsonBytes.needsEscape(JsonBytes.word(word, 0)), Arrays.toString(word));
        }
    }
}
