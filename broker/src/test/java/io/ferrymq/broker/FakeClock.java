package io.ferrymq.broker;

import java.util.concurrent.atomic.AtomicLong;

/** A clock tests step by hand; wall time starts at the real time so it is comparable with store timestamps. */
public final class FakeClock implements Clock {
    private final AtomicLong wall = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long currentTimeMillis() {
        return wall.get();
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advance(long millis) {
        wall.addAndGet(millis);
        nanos.addAndGet(millis * 1_000_000L);
    }
}
