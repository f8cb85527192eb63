package io.ferrymq.console.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found by BodyFuzzTest: {@code {"topic":{"topic":[[[[{}]/]]]}}} never returned from fastjson2's parser (a '/'
 * starts a comment, which JSON does not have). A console request with a comment is a 400 at once.
 */
class BodyCommentsTest {

    @Test
    void aCommentIsABadRequestNotAHang() {
        for (String body : new String[] {"{\"topic\":{\"topic\":[[[[{}]/]]]}}", "{\"a\":[1/]}", "{\"a\":1 /* c */}"}) {
            ApiException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ApiException.class, () -> Body.parse(body)), body);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("comment"), e.getMessage());
        }
    }

    @Test
    void aSlashInAStringIsFine() {
        assertEquals("a/b", Body.parse("{\"topic\":\"a/b\"}").str("topic"));
    }
}
