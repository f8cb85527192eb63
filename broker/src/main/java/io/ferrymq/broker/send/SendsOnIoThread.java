package io.ferrymq.broker.send;

import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.remoting.RemotingCommand;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Which sends the network I/O thread may process itself when {@code sendMessageOnIoThread} is on: those that
 * cannot block it. Looks only at the topic in the header (no decoding), for every send, so it is cheap.
 *
 * <p>What on the send path can block, and where it runs:
 * <ul>
 *   <li>creating a topic (auto-create from TBW102, a group's {@code %RETRY%} or {@code %DLQ%} topic) and
 *       auto-creating a subscription group write {@code topics.json} / {@code subscriptionGroups.json} under the
 *       table's monitor: a send to a topic the table does not hold, or to any {@code %RETRY%} topic (its group may
 *       be created, a message reconsumed too often creates the DLQ topic), goes to the send executor;</li>
 *   <li>SYNC_FLUSH and SYNC_MASTER never wait on the calling thread: the put's future completes on the flush or
 *       replication thread, which writes the answer then ({@link SendMessageProcessor#putAndReply});</li>
 *   <li>a refusing store (disk full, restore hold, failed disk) answers at once without waiting;</li>
 *   <li>the append itself waits for the store's append lock and, once per 1 MiB of commit log, writes the next
 *       1 MiB of zeros to reserve disk blocks (once per segment also creates and maps the file) while holding it:
 *       while an append has held the lock for long or does that file I/O, {@link SendOverload#ioThreadMayAppend}
 *       says no and the send goes to the executor. What stays on the I/O thread is waiting behind an append
 *       that was quick when the send arrived, and its own append's file I/O when that append is the one that
 *       crosses into the next 1 MiB or segment.</li>
 * </ul>
 */
public final class SendsOnIoThread implements Predicate<RemotingCommand> {
    private final TopicConfigTable topics;
    private final SendOverload overload;

    public SendsOnIoThread(TopicConfigTable topics, SendOverload overload) {
        this.topics = topics;
        this.overload = overload;
    }

    /**
     * True when the send's topic exists and is not a retry topic, and the appender is not busy; false sends it to
     * the executor.
     */
    @Override
    public boolean test(RemotingCommand request) {
        Map<String, String> f = request.extFields();
        if (f == null) {
            return false; // the processor answers the missing header on the executor
        }
        // the same two header forms as SendRequestHeader.decode: V2 single letters, else long names
        String topic = f.containsKey("a") || f.containsKey("b") ? f.get("b") : f.get("topic");
        return topic != null && !TopicNames.isRetryTopic(topic) && topics.contains(topic)
                && overload.ioThreadMayAppend();
    }
}
