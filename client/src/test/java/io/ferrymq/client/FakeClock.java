package io.ferrymq.client;

import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
public final class FakeClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Override
    public long monotonicMillis() {
        return now.get();
    }

    @Override
    public long wallMillis() {
        return 1_700_000_000_000L + now.get();
    }

    public void advance(long millis) {
        now.addAndGet(millis);
    }
}
