package io.ferrymq.broker.admin;

import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * An operator's store upkeep on request, with Apache RocketMQ's meaning (docs/compatibility.md, mqadmin table):
 * <ul>
 *   <li>DELETE_EXPIRED_COMMITLOG (329, {@code mqadmin deleteExpiredCommitLog}): a retention pass now that deletes
 *       commit-log segments older than fileReservedTime whatever the hour (as at a deleteWhen hour);</li>
 *   <li>CLEAN_EXPIRED_CONSUMEQUEUE (306, {@code cleanExpiredCQ}): cuts consume queues and the index below the
 *       commit log's first offset (the entries whose messages are gone);</li>
 *   <li>CLEAN_UNUSED_TOPIC (316, {@code cleanUnusedTopic}): drops the consume queues and index of topics the
 *       broker no longer has (e.g. deleted while it was down), never those of FerryMQ's internal topics. A slave
 *       first refreshes its topic list from its master, so a topic just created there is not taken for unused;
 *       when the master cannot be asked, the slave refuses;</li>
 *   <li>RESET_MASTER_FLUSH_OFFSET (908, {@code resetMasterFlushOffset}): not applicable, refused with the reason:
 *       a FerryMQ slave compares its log with its master's at every connection and truncates what the master does
 *       not hold by itself, so there is no master flush offset for an operator to set.</li>
 * </ul>
 * Each success answer's remark says what was done. Runs on the admin executor; the store serialises the work.
 */
public final class StoreMaintenanceProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(StoreMaintenanceProcessor.class);

    private final MessageStore store;
    private final TopicConfigTable topics;
    private final boolean slave;
    private final BooleanSupplier refreshTopicsFromMaster;

    /**
     * @param refreshTopicsFromMaster a slave's metadata-sync round run now; true when it reached the master
     */
    public StoreMaintenanceProcessor(MessageStore store, TopicConfigTable topics, boolean slave,
                                     BooleanSupplier refreshTopicsFromMaster) {
        this.store = store;
        this.topics = topics;
        this.slave = slave;
        this.refreshTopicsFromMaster = refreshTopicsFromMaster;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.DELETE_EXPIRED_COMMITLOG -> {
                long before = store.commitLogMinOffset();
                int deleted = store.deleteExpiredFilesNow();
                log.info("deleteExpiredCommitLog from {}: {} segment(s) deleted, first offset {} -> {}",
                        channel.remoteAddress(), deleted, before, store.commitLogMinOffset());
                yield ok(deleted + " expired commit-log segment(s) deleted; first offset " + before + " -> "
                        + store.commitLogMinOffset());
            }
            case RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE -> {
                int deleted = store.cleanExpiredConsumeQueues();
                log.info("cleanExpiredCQ from {}: {} consume-queue segment(s) deleted below commit-log offset {}",
                        channel.remoteAddress(), deleted, store.commitLogMinOffset());
                yield ok(deleted + " consume-queue segment(s) below commit-log offset " + store.commitLogMinOffset()
                        + " deleted");
            }
            case RequestCode.CLEAN_UNUSED_TOPIC -> cleanUnusedTopics(channel);
            case RequestCode.RESET_MASTER_FLUSH_OFFSET -> RemotingCommand.response(
                    ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "resetMasterFlushOffset is not applicable to FerryMQ: "
                            + "a slave compares its commit log with its master's at every connection and truncates "
                            + "whatever the master does not hold by itself; nothing was changed");
            default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand cleanUnusedTopics(RemotingChannel channel) {
        if (slave && !refreshTopicsFromMaster.getAsBoolean()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "this slave could not refresh its topic list "
                    + "from its master, so it cannot tell a deleted topic from one just created there; nothing was "
                    + "cleaned; run cleanUnusedTopic again when the master is reachable");
        }
        List<String> removed = new ArrayList<>();
        for (String t : new TreeSet<>(store.topicsWithQueues())) {
            if (topics.contains(t) || TopicNames.isNotAllowedSend(t) || TopicNames.DEFAULT_TRACE_TOPIC.equals(t)) {
                continue;
            }
            store.deleteTopic(t);
            removed.add(t);
        }
        log.info("cleanUnusedTopic from {}: consume queues of {} topic(s) no longer defined removed: {}",
                channel.remoteAddress(), removed.size(), removed);
        return ok("consume queues of " + removed.size() + " unused topic(s) removed" + (removed.isEmpty() ? ""
                : ": " + String.join(", ", removed)));
    }

    private static RemotingCommand ok(String remark) {
        return RemotingCommand.response(ResponseCode.SUCCESS, remark);
    }
}
