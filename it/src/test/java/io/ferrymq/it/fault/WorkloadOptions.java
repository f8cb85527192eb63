package io.ferrymq.it.fault;

/**
 * How much and what kind of traffic a {@link Workload} makes.
 *
 * @param ratePerProducer  sends per second of each producer (paced)
 * @param extraProducers   unordered producers beyond the five standard ones, alternately official and FerryMQ (the
 *                         soak uses them to reach its volume)
 * @param churn            also run fault 12's churning group of child-JVM consumers ({@link ChurnConsumers})
 * @param retriesAndDelays also a producer of delayed messages (delay level 2, 5 s) and a group that fails the first
 *                         delivery of half of its messages (they come back through the retry topic): issue 15's
 *                         "internal writes are acknowledgements too"
 */
record WorkloadOptions(int ratePerProducer, int extraProducers, boolean churn, boolean retriesAndDelays) {

    WorkloadOptions {
        if (ratePerProducer < 1 || extraProducers < 0) {
            throw new IllegalArgumentException("a workload needs a rate >= 1 and extra producers >= 0: "
                    + ratePerProducer + ", " + extraProducers);
        }
    }

    static WorkloadOptions paced(int ratePerProducer) {
        return new WorkloadOptions(ratePerProducer, 0, false, false);
    }

    WorkloadOptions withChurn() {
        return new WorkloadOptions(ratePerProducer, extraProducers, true, retriesAndDelays);
    }

    WorkloadOptions withRetriesAndDelays() {
        return new WorkloadOptions(ratePerProducer, extraProducers, churn, true);
    }
}
