package io.ferrymq.common.config;

/** The parsers behind {@link ConfigKey}'s typed specs. Each message says what was expected. */
final class Parsers {
    private Parsers() {
    }

    static ValueParser<Integer> integer() {
        return t -> {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        };
    }

    static ValueParser<Long> longValue() {
        return t -> {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        };
    }

    static ValueParser<Boolean> bool() {
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

    static ValueParser<String> nonEmpty() {
        return t -> {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return t;
        };
    }

    static ValueParser<String> optional() {
        return t -> t.isEmpty() ? null : t;
    }

    static <E extends Enum<E>> ValueParser<E> enumOf(Class<E> type) {
        return t -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(t)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("not one of the allowed names");
        };
    }
}
