package io.ferrymq.benchmark.official;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a load records, shared by its threads and the client's callback threads: the latency of every completed
 * operation inside the measured window (HdrHistogram, microseconds), completed and failed operations inside the
 * window and over the whole run. The first few failures are printed to stderr with their cause, and every failure
 * is counted, so a run that mostly fails shows it in {@code errors=} and in the progress lines.
 */
final class Meter {
    private static final int PRINTED_ERRORS = 5;

    private final Recorder latency = new Recorder(3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder okTotal = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder errorsTotal = new LongAdder();
    private final AtomicInteger printed = new AtomicInteger();
    private volatile boolean measuring;

    /** One operation that succeeded after {@code micros} µs (send to acknowledgement, or request to reply). */
    void success(long micros) {
        okTotal.increment();
        if (measuring) {
            ok.increment();
            latency.recordValue(Math.max(1, micros));
        }
    }

    /** One operation that failed (exception, timeout, or a status other than SEND_OK); {@code what} says which. */
    void failure(String what, Throwable cause) {
        errorsTotal.increment();
        if (measuring) {
            errors.increment();
        }
        if (printed.getAndIncrement() < PRINTED_ERRORS) {
            System.err.println("error: " + what + (cause == null ? "" : ": " + cause));
        }
    }

    /** Starts the measured window: clears what the warm-up recorded. */
    void startMeasuring() {
        latency.reset();
        ok.reset();
        errors.reset();
        measuring = true;
    }

    void stopMeasuring() {
        measuring = false;
    }

    /** The latencies recorded since {@link #startMeasuring()}. Call once, after {@link #stopMeasuring()}. */
    Histogram measuredLatency() {
        return latency.getIntervalHistogram();
    }

    long measuredOk() { return ok.sum(); }
    long measuredErrors() { return errors.sum(); }
    long totalOk() { return okTotal.sum(); }
    long totalErrors() { return errorsTotal.sum(); }
}
