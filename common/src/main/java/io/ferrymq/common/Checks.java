package io.ferrymq.common;

/** Range checks for configuration values, with messages naming the setting. */
public final class Checks {
    private Checks() {
    }

    public static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " = " + value + " is out of range [" + min + ", " + max + "]");
        }
    }
}
