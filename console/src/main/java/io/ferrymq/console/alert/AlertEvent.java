package io.ferrymq.console.alert;

/**
 * Something to tell people about one alert: it fired, it still fires (repeat), or it resolved.
 *
 * @param type  what happened
 * @param alert the alert as it was then
 */
public record AlertEvent(Type type, Alert alert) {
    public enum Type {
        FIRING, REPEAT, RESOLVED
    }
}
