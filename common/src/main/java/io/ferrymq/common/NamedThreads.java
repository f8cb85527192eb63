package io.ferrymq.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories that name every thread, so a thread dump says who owns it. */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** Daemon threads named {@code prefix-N}. */
    public static ThreadFactory factory(String prefix) {
        return factory(prefix, true);
    }

    public static ThreadFactory factory(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }
}
