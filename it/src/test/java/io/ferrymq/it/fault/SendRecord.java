package io.ferrymq.it.fault;

/**
 * One send of the workload.
 *
 * @param producer        the logical producer (one thread, one sequence)
 * @param seq             the producer's sequence number, 1, 2, 3... in send order
 * @param id              unique message id ({@code producer:seq}, also the message key and body)
 * @param queue           the queue it went to ({@link Queues#key}), or "" when the client reported none
 * @param queueOffset     the queue offset the broker reported, or -1
 * @param commitLogOffset the commit-log offset from the offset message id, or -1
 * @param ordered         sent with a queue selector to keep the producer's order on one queue
 * @param outcome         OK, FAILED or UNKNOWN
 * @param detail          the send status or the exception ("" for OK)
 * @param startMillis     wall clock before the call
 * @param endMillis       wall clock after it returned or threw
 */
public record SendRecord(String producer, long seq, String id, String queue, long queueOffset, long commitLogOffset,
                         boolean ordered, Outcome outcome, String detail, long startMillis, long endMillis) {

    String topic() {
        return Queues.topic(queue);
    }
}
