package io.ferrymq.remoting.acl;

import java.util.Locale;

/**
 * What an account may do with a topic or a consumer group, as written in the ACL file: {@code DENY},
 * {@code PUB}, {@code SUB}, {@code PUB|SUB} ({@code ANY} is accepted as a synonym of {@code PUB|SUB}).
 */
public enum Perm {
    DENY, PUB, SUB, PUB_SUB;

    /** Whether this grant covers the {@code needed} operation (PUB or SUB). */
    public boolean allows(Perm needed) {
        return switch (this) {
            case DENY -> false;
            case PUB_SUB -> needed != DENY;
            default -> this == needed;
        };
    }

    /** The file spelling. */
    public String text() {
        return this == PUB_SUB ? "PUB|SUB" : name();
    }

    /** Parses DENY, PUB, SUB, PUB|SUB, SUB|PUB or ANY (any case). */
    public static Perm parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        return switch (t) {
            case "DENY" -> DENY;
            case "PUB" -> PUB;
            case "SUB" -> SUB;
            case "PUB|SUB", "SUB|PUB", "ANY" -> PUB_SUB;
            default -> throw new IllegalArgumentException("permission '" + text
                    + "' is not one of DENY, PUB, SUB, PUB|SUB");
        };
    }
}
