package io.ferrymq.common.config;

/**
 * Turns the text of a configuration value into a typed value.
 *
 * @param <T> value type
 */
@FunctionalInterface
public interface ValueParser<T> {
    /**
     * @param text the trimmed text (never null)
     * @throws IllegalArgumentException whose message says what is allowed (the caller adds the key's name)
     */
    T parse(String text);
}
