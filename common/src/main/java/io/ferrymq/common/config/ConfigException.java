package io.ferrymq.common.config;

/**
 * A configuration key that is unknown or a value that is not allowed. The message names the key and what is
 * allowed (or the closest known key), so it can be shown to an operator as is. An {@link
 * IllegalArgumentException} so callers that validate arguments treat it like any other bad argument.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The key the problem is about. */
    public String key() {
        return key;
    }
}
