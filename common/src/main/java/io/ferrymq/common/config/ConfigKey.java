package io.ferrymq.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, defined once: its name, type, default, what values are allowed (range or validator,
 * and the same rule in words for errors and docs), a description, and whether a running server may change it.
 * Keys are created through {@link ConfigDef.Builder#define(Spec)}, which gives each its slot in the component's
 * {@link ConfigValues}. Immutable and thread-safe.
 *
 * @param <T> value type
 */
public final class ConfigKey<T> {
    private final int index;
    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final ValueParser<T> parser;
    private final Validator<T> validator;
    private final String allowed;
    private final String doc;
    private final boolean runtime;
    private final Function<T, String> formatter;
    private final List<String> aliases;

    ConfigKey(int index, Spec<T> s) {
        this.index = index;
        this.name = s.name;
        this.type = s.type;
        this.defaultValue = s.defaultValue;
        this.defaultText = s.defaultText;
        this.parser = s.parser;
        this.validator = s.validator;
        this.allowed = s.allowed;
        this.doc = Objects.requireNonNull(s.doc, () -> "key '" + s.name + "' has no description");
        this.runtime = s.runtime;
        this.formatter = s.formatter;
        this.aliases = List.copyOf(s.aliases);
    }

    /** Checks a typed value; throws IllegalArgumentException saying what is allowed. */
    @FunctionalInterface
    public interface Validator<T> {
        void check(T value);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    /** The default value (may be null for optional keys). */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as documented: a description when it depends on the machine, else the formatted value. */
    public String defaultText() {
        if (defaultText != null) {
            return defaultText;
        }
        return defaultValue == null ? "" : format(defaultValue);
    }

    /** The allowed values in words, e.g. {@code 0 .. 65535} or {@code ASYNC_FLUSH, SYNC_FLUSH}. */
    public String allowed() {
        return allowed;
    }

    public String doc() {
        return doc;
    }

    /** Whether a change on a running server takes effect without a restart. */
    public boolean runtime() {
        return runtime;
    }

    /** Other names accepted for this key (Apache RocketMQ's name for the same setting), with the same meaning. */
    public List<String> aliases() {
        return aliases;
    }

    int index() {
        return index;
    }

    /** Parses and checks text; the exception names this key, the text and what is allowed. */
    public T parse(String text) {
        String t = text == null ? "" : text.trim();
        T value;
        try {
            value = parser.parse(t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "config '" + name + "' = '" + t + "' is invalid: " + e.getMessage()
                    + " (allowed: " + allowed + ")", e);
        }
        check(value);
        return value;
    }

    /** Checks a typed value; the exception names this key. */
    public T check(T value) {
        if (value == null) {
            if (defaultValue != null) {
                throw new ConfigException(name, "config '" + name + "' must be set (allowed: " + allowed + ")");
            }
            return null;
        }
        try {
            validator.check(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "config '" + name + "' = '" + format(value) + "' is invalid: "
                    + e.getMessage() + " (allowed: " + allowed + ")", e);
        }
        return value;
    }

    /** The value as it would be written in a properties file (empty for null). */
    public String format(T value) {
        return value == null ? "" : formatter.apply(value);
    }

    @SuppressWarnings("unchecked")
    String formatObject(Object value) {
        return format((T) value);
    }

    @Override
    public String toString() {
        return name;
    }

    // ------------------------------------------------------------------ specs

    public static Spec<Integer> integer(String name, int defaultValue) {
        return new Spec<>(name, Integer.class, defaultValue, Parsers.integer(), "an integer");
    }

    public static Spec<Long> longKey(String name, long defaultValue) {
        return new Spec<>(name, Long.class, defaultValue, Parsers.longValue(), "an integer");
    }

    public static Spec<Boolean> bool(String name, boolean defaultValue) {
        return new Spec<>(name, Boolean.class, defaultValue, Parsers.bool(), "true, false");
    }

    /** A text key whose value must not be empty. */
    public static Spec<String> string(String name, String defaultValue) {
        return new Spec<>(name, String.class, defaultValue, Parsers.nonEmpty(), "any non-empty text");
    }

    /** A text key that may be unset: empty text means null. */
    public static Spec<String> optionalString(String name) {
        return new Spec<>(name, String.class, null, Parsers.optional(), "any text, empty for unset");
    }

    public static <E extends Enum<E>> Spec<E> enumKey(String name, Class<E> type, E defaultValue) {
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name());
        }
        return new Spec<>(name, type, defaultValue, Parsers.enumOf(type), allowed.toString())
                .formatter(Enum::name);
    }

    /** A key of any type with its own parser. */
    public static <T> Spec<T> custom(String name, Class<T> type, T defaultValue, ValueParser<T> parser,
                                     String allowed) {
        return new Spec<>(name, type, defaultValue, parser, allowed);
    }

    /**
     * The definition of a key before it joins a {@link ConfigDef}: fluent, not thread-safe, used only in the static
     * initialiser of a config class.
     */
    public static final class Spec<T> {
        private final String name;
        private final Class<T> type;
        private final T defaultValue;
        private final ValueParser<T> parser;
        private String allowed;
        private Validator<T> validator = v -> { };
        private String defaultText;
        private String doc;
        private boolean runtime;
        private Function<T, String> formatter = String::valueOf;
        private final List<String> aliases = new ArrayList<>();

        Spec(String name, Class<T> type, T defaultValue, ValueParser<T> parser, String allowed) {
            this.name = Objects.requireNonNull(name);
            this.type = type;
            this.defaultValue = defaultValue;
            this.parser = parser;
            this.allowed = allowed;
        }

        /** Inclusive range for numeric keys. */
        public Spec<T> range(long min, long max) {
            this.validator = v -> {
                long n = ((Number) v).longValue();
                if (n < min || n > max) {
                    throw new IllegalArgumentException("out of range");
                }
            };
            this.allowed = min + " .. " + max;
            return this;
        }

        /** A rule beyond the type, with the same rule in words for errors and docs. */
        public Spec<T> validator(Validator<T> v, String allowedInWords) {
            this.validator = v;
            this.allowed = allowedInWords;
            return this;
        }

        /** Overrides the words that describe the allowed values. */
        public Spec<T> allowed(String words) {
            this.allowed = words;
            return this;
        }

        public Spec<T> doc(String text) {
            this.doc = text;
            return this;
        }

        /** The default in words, when it depends on the machine (home directory, address). */
        public Spec<T> defaultText(String words) {
            this.defaultText = words;
            return this;
        }

        /** May change on a running server. */
        public Spec<T> runtime() {
            this.runtime = true;
            return this;
        }

        /** Another accepted name with the same meaning, e.g. Apache RocketMQ's name for this setting. */
        public Spec<T> alias(String otherName) {
            this.aliases.add(otherName);
            return this;
        }

        public Spec<T> formatter(Function<T, String> f) {
            this.formatter = f;
            return this;
        }

        String name() {
            return name;
        }

        T defaultValue() {
            return defaultValue;
        }

        Validator<T> validatorFn() {
            return validator;
        }
    }
}
