package io.ferrymq.benchmark.official;

/**
 * One workload of {@link OfficialBench}: {@link #start()} sets up its clients and starts its threads, which run
 * until {@link #close()}; what they do is recorded in the {@link Meter} given at construction. {@code close()}
 * stops the threads, waits a bounded time for outstanding operations, and shuts its clients down.
 */
interface Load extends AutoCloseable {
    void start() throws Exception;

    @Override
    void close();
}
