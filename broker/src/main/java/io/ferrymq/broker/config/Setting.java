package io.ferrymq.broker.config;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One configuration key: its RocketMQ name, default, how to parse and check a text value, and a line of doc.
 * The table of settings lives in {@link BrokerConfig#SETTINGS}; that table is the single place where a key
 * is defined.
 *
 * @param <T> value type
 */
public final class Setting<T> {
    /** Parses text into a value, throwing IllegalArgumentException with a reason (without the key name). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    private final String name;
    private final String doc;
    private final Parser<T> parser;
    private final Function<BrokerConfig, T> getter;
    private final BiConsumer<BrokerConfig, T> setter;
    private final boolean dynamic;

    Setting(String name, String doc, Parser<T> parser, Function<BrokerConfig, T> getter,
            BiConsumer<BrokerConfig, T> setter, boolean dynamic) {
        this.name = name;
        this.doc = doc;
        this.parser = parser;
        this.getter = getter;
        this.setter = setter;
        this.dynamic = dynamic;
    }

    public String name() {
        return name;
    }

    public String doc() {
        return doc;
    }

    /** Whether a change through UPDATE_BROKER_CONFIG takes effect without a restart. */
    public boolean dynamic() {
        return dynamic;
    }

    /** Parses {@code text} and stores it in {@code config}; the exception message names the key. */
    public void apply(BrokerConfig config, String text) {
        T value;
        try {
            value = parser.parse(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker config '" + name + "' = '" + text + "' is invalid: "
                    + e.getMessage(), e);
        }
        setter.accept(config, value);
    }

    /** The current value as text (empty for null). */
    public String format(BrokerConfig config) {
        T v = getter.apply(config);
        return v == null ? "" : v.toString();
    }

    // ---------------------------------------------------------------- parsers

    static Parser<Integer> intRange(long min, long max) {
        return t -> {
            long v;
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range [" + min + ", " + max + "]");
            }
            return (int) v;
        };
    }

    static Parser<Long> longRange(long min, long max) {
        return t -> {
            long v;
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range [" + min + ", " + max + "]");
            }
            return v;
        };
    }

    static Parser<Boolean> bool() {
        return t -> {
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("expected true or false");
        };
    }

    static Parser<String> nonEmpty() {
        return t -> {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return t;
        };
    }

    static Parser<String> optional() {
        return t -> t.isEmpty() ? null : t;
    }

    static <E extends Enum<E>> Parser<E> enumOf(Class<E> type) {
        return t -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(t)) {
                    return e;
                }
            }
            StringBuilder sb = new StringBuilder("expected one of");
            for (E e : type.getEnumConstants()) {
                sb.append(' ').append(e.name());
            }
            throw new IllegalArgumentException(sb.toString());
        };
    }
}
