package io.ferrymq.remoting;

/** The sender's implementation language, carried in every command header (codes match RocketMQ's). */
public enum LanguageCode {
    JAVA, CPP, DOTNET, PYTHON, DELPHI, ERLANG, RUBY, OTHER, HTTP, GO, PHP, OMS, RUST, NODE_JS;

    private static final LanguageCode[] BY_CODE = values();

    public byte code() {
        return (byte) ordinal();
    }

    /** Unknown codes map to {@link #OTHER} rather than failing: the language is informational. */
    public static LanguageCode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** Parses a JSON header's language: an enum name or its numeric code; unknown names map to OTHER. */
    public static LanguageCode parse(String value) {
        if (value == null || value.isEmpty()) {
            return JAVA;
        }
        char first = value.charAt(0);
        if (first >= '0' && first <= '9') {
            try {
                return ofCode(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                return OTHER;
            }
        }
        for (LanguageCode lc : BY_CODE) {
            if (lc.name().equals(value)) {
                return lc;
            }
        }
        return OTHER;
    }
}
