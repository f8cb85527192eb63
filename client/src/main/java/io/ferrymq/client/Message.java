package io.ferrymq.client;

import io.ferrymq.common.message.MessageConst;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to send: topic, body, an optional tag, business keys, a delay level and user properties.
 *
 * <pre>{@code
 * Message m = new Message("OrderTopic", "created", "order-42", "{...}".getBytes(UTF_8));
 * m.putUserProperty("region", "eu");
 * }</pre>
 *
 * <p>Properties are kept in the RocketMQ wire form: reserved names ({@link MessageConst}) such as {@code TAGS},
 * {@code KEYS} and {@code DELAY} are set through the typed accessors; {@link #putUserProperty} rejects them.
 *
 * <p>Not thread-safe: build a message on one thread, then hand it to a producer. The producer adds a
 * {@code UNIQ_KEY} property (the message id) on send.
 */
public class Message {
    private String topic;
    private int flag;
    private byte[] body;
    private final Map<String, String> properties = new LinkedHashMap<>();

    /** An empty message; set at least the topic and body before sending. */
    public Message() {
    }

    public Message(String topic, byte[] body) {
        this.topic = topic;
        this.body = body;
    }

    public Message(String topic, String tags, byte[] body) {
        this(topic, body);
        tags(tags);
    }

    public Message(String topic, String tags, String keys, byte[] body) {
        this(topic, tags, body);
        keys(keys);
    }

    public String topic() {
        return topic;
    }

    public Message topic(String topic) {
        this.topic = topic;
        return this;
    }

    public byte[] body() {
        return body;
    }

    public Message body(byte[] body) {
        this.body = body;
        return this;
    }

    /** The user flag, stored with the message and returned to consumers untouched. */
    public int flag() {
        return flag;
    }

    public Message flag(int flag) {
        this.flag = flag;
        return this;
    }

    /** The tag (consumers filter on it), or null. */
    public String tags() {
        return properties.get(MessageConst.PROPERTY_TAGS);
    }

    public Message tags(String tags) {
        return putSystem(MessageConst.PROPERTY_TAGS, tags == null || tags.isEmpty() ? null : tags);
    }

    /** Business keys separated by one space (indexed by the broker, see query by key), or null. */
    public String keys() {
        return properties.get(MessageConst.PROPERTY_KEYS);
    }

    /** Sets the keys; several keys are separated by one space. */
    public Message keys(String keys) {
        return putSystem(MessageConst.PROPERTY_KEYS, keys == null || keys.isEmpty() ? null : keys);
    }

    /** Sets several keys at once (joined with one space). */
    public Message keys(Collection<String> keys) {
        return keys(String.join(MessageConst.KEY_SEPARATOR, keys));
    }

    /**
     * Delay level (1..18 on a default broker: 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h), or 0
     * for immediate delivery.
     */
    public int delayLevel() {
        String v = properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        return v == null ? 0 : Integer.parseInt(v);
    }

    public Message delayLevel(int level) {
        if (level < 0) {
            throw new IllegalArgumentException("delayLevel must be >= 0, got " + level);
        }
        return putSystem(MessageConst.PROPERTY_DELAY_TIME_LEVEL, level == 0 ? null : Integer.toString(level));
    }

    /** Whether the broker should answer only after the message is flushed/replicated as configured (default true). */
    public boolean waitStoreMsgOk() {
        String v = properties.get(MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
        return v == null || Boolean.parseBoolean(v);
    }

    public Message waitStoreMsgOk(boolean wait) {
        return putSystem(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, Boolean.toString(wait));
    }

    /**
     * Adds a user property.
     *
     * @throws IllegalArgumentException when the name is reserved (see {@link MessageConst#STRING_HASH_SET}),
     *     or name or value is empty or contains the separators 0x01/0x02
     */
    public Message putUserProperty(String name, String value) {
        if (MessageConst.STRING_HASH_SET.contains(name)) {
            throw new IllegalArgumentException("property name '" + name + "' is reserved by the system");
        }
        checkPropertyText("name", name);
        checkPropertyText("value of " + name, value);
        properties.put(name, value);
        return this;
    }

    /** A user or system property, or null. */
    public String property(String name) {
        return properties.get(name);
    }

    /** A read-only view of all properties, system ones included. */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** The user properties only (everything except reserved names). */
    public Map<String, String> userProperties() {
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> {
            if (!MessageConst.STRING_HASH_SET.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Sets or (with null) removes any property without the reserved-name check. Used by the client itself and
     * by advanced callers that know the protocol (e.g. tools replaying messages).
     */
    public Message putSystem(String name, String value) {
        if (value == null) {
            properties.remove(name);
        } else {
            properties.put(name, value);
        }
        return this;
    }

    /** Replaces all properties (used when decoding received messages). */
    protected void replaceProperties(Map<String, String> props) {
        properties.clear();
        properties.putAll(props);
    }

    private static void checkPropertyText(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("property " + what + " must not be empty");
        }
        if (s.indexOf(1) >= 0 || s.indexOf(2) >= 0) {
            throw new IllegalArgumentException("property " + what + " must not contain chars 0x01 or 0x02");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{topic=" + topic + ", flag=" + flag + ", properties=" + properties
            + ", bodyLength=" + (body == null ? 0 : body.length) + "}";
    }

    /** Structural equality on topic, flag, body and properties (useful in tests). */
    public boolean sameContent(Message o) {
        return o != null && Objects.equals(topic, o.topic) && flag == o.flag && Arrays.equals(body, o.body)
            && properties.equals(o.properties);
    }
}
