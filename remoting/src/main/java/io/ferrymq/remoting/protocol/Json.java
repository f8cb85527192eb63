package io.ferrymq.remoting.protocol;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one place that turns JSON bodies (route data, heartbeats, stats...) into objects and back, with the
 * settings the official fastjson 1.x peers expect (docs/protocol.md 4):
 * <ul>
 *   <li>UTF-8, nulls omitted, enums written as their names;</li>
 *   <li>non-string scalar map keys written quoted ({@code {"0":"127.0.0.1:10911"}}), which the official client
 *       parses and which is strict JSON for other languages;</li>
 *   <li>object map keys (MessageQueue-keyed tables in ConsumeStats, TopicStatsTable, ResetOffsetBody) written in
 *       the literal object-key form fastjson 1.x writes and parses ({@code {{"brokerName":..}:{..}}});</li>
 *   <li>parsing ignores unknown fields and accepts quoted and unquoted numeric keys.</li>
 * </ul>
 *
 * <p>Bodies are plain JavaBeans with getters and setters; fastjson2 caches their accessors, so there is no
 * per-call reflection. Thread-safe (stateless).
 */
public final class Json {
    private static final JSONWriter.Feature[] WRITE_FEATURES = {
        JSONWriter.Feature.WriteNonStringKeyAsString,
    };
    private static final JSONReader.Feature[] READ_FEATURES = {
        JSONReader.Feature.AllowUnQuotedFieldNames,
    };

    private Json() {
    }

    /** The object as UTF-8 JSON bytes. */
    public static byte[] toBytes(Object value) {
        return JSON.toJSONBytes(value, WRITE_FEATURES);
    }

    /** The object as a JSON string (same format as {@link #toBytes}). */
    public static String toJson(Object value) {
        return JSON.toJSONString(value, WRITE_FEATURES);
    }

    /**
     * Parses a JSON body.
     *
     * @return the object, or null when {@code body} is null or empty
     * @throws JsonBodyException when the bytes are not valid JSON for {@code type}, naming the type
     */
    public static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return null;
        }
        refuseComments(body, type.getSimpleName());
        try {
            return JSON.parseObject(body, type, READ_FEATURES);
        } catch (RuntimeException e) { // JSONException, and index errors fastjson2 2.0.53 throws on some input
            throw new JsonBodyException(type.getSimpleName(), body, e);
        }
    }

    /** Parses a JSON string; see {@link #parse(byte[], Class)}. */
    public static <T> T parse(String json, Class<T> type) {
        return json == null ? null : parse(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Parses a JSON body into a generic type (e.g. a {@code TypeReference<Map<String, X>>().getType()}). */
    public static <T> T parse(byte[] body, Type type) {
        if (body == null || body.length == 0) {
            return null;
        }
        refuseComments(body, type.getTypeName());
        try {
            return JSON.parseObject(body, type, READ_FEATURES);
        } catch (RuntimeException e) { // JSONException, and index errors fastjson2 2.0.53 throws on some input
            throw new JsonBodyException(type.getTypeName(), body, e);
        }
    }

    /**
     * Parses a JSON array body.
     *
     * @return the list, or null when {@code body} is null or empty
     */
    public static <T> List<T> parseList(byte[] body, Class<T> elementType) {
        if (body == null || body.length == 0) {
            return null;
        }
        refuseComments(body, "List<" + elementType.getSimpleName() + ">");
        try {
            return JSON.parseArray(body, elementType, READ_FEATURES);
        } catch (RuntimeException e) { // JSONException, and index errors fastjson2 2.0.53 throws on some input
            throw new JsonBodyException("List<" + elementType.getSimpleName() + ">", body, e);
        }
    }

    /** Parses a JSON array string; see {@link #parseList(byte[], Class)}. */
    public static <T> List<T> parseList(String json, Class<T> elementType) {
        return json == null ? null : parseList(json.getBytes(StandardCharsets.UTF_8), elementType);
    }

    /** fastjson2 may never return from a comment inside an array (see {@link JsonComments}): refuse it first. */
    private static void refuseComments(byte[] body, String expectedType) {
        int at = JsonComments.find(body, 0, body.length);
        if (at >= 0) {
            throw new JsonBodyException(expectedType, body, new IllegalArgumentException(JsonComments.describe(at)));
        }
    }
}
