package io.ferrymq.remoting.protocol.route;

/**
 * Permission bits of topics and brokers (queue data {@code perm}, topic config {@code perm}).
 * Wire constants: INHERIT 1, WRITE 2, READ 4, PRIORITY 8.
 */
public final class PermName {
    /** Marks the auto-create template topic (TBW102): new topics inherit its settings. */
    public static final int PERM_INHERIT = 1;
    public static final int PERM_WRITE = 1 << 1;
    public static final int PERM_READ = 1 << 2;
    public static final int PERM_PRIORITY = 1 << 3;

    private PermName() {
    }

    public static boolean isReadable(int perm) {
        return (perm & PERM_READ) == PERM_READ;
    }

    public static boolean isWriteable(int perm) {
        return (perm & PERM_WRITE) == PERM_WRITE;
    }

    public static boolean isInherited(int perm) {
        return (perm & PERM_INHERIT) == PERM_INHERIT;
    }

    public static boolean isPriority(int perm) {
        return (perm & PERM_PRIORITY) == PERM_PRIORITY;
    }

    /** True when {@code perm} uses no bits beyond the four defined ones. */
    public static boolean isValid(int perm) {
        return perm >= 0 && (perm & ~(PERM_READ | PERM_WRITE | PERM_INHERIT | PERM_PRIORITY)) == 0;
    }

    /** "RWX"-style rendering as RocketMQ prints it: {@code R}, {@code W}, {@code X} (inherit) or {@code -}. */
    public static String toString(int perm) {
        return (isReadable(perm) ? "R" : "-") + (isWriteable(perm) ? "W" : "-") + (isInherited(perm) ? "X" : "-");
    }
}
