package io.ferrymq.broker.ha;

import com.alibaba.fastjson2.TypeReference;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.broker.schedule.ScheduleMessageService;
import io.ferrymq.broker.timer.TimerProgressProcessor;
import io.ferrymq.broker.timer.TimerWheel;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.CreateTopicListRequestBody;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.body.TopicFilterType;
import io.ferrymq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Slave side: every {@code haMetadataSyncIntervalMillis} copies from the master's client port the topic configs
 * (GET_ALL_TOPIC_CONFIG), subscription groups (GET_ALL_SUBSCRIPTIONGROUP_CONFIG), consumer offsets
 * (GET_ALL_CONSUMER_OFFSET, merged by {@link OffsetMerge}: the larger wins, larger slave offsets are pushed back
 * with UPDATE_CONSUMER_OFFSET), delay-level progress (GET_ALL_DELAY_OFFSET) and timer progress
 * (GET_TIMER_CHECK_POINT, handed to the following {@link TimerWheel}). Topics and groups are added or
 * updated, never deleted, so a slave keeps serving what it has while its master is gone.
 *
 * <p>Threading: one {@code ha-metadata-sync} thread does every round; a round that fails (master gone) is
 * counted and logged once per distinct error, and the next round simply tries again.
 */
public final class SlaveMetadataSync {
    private static final Logger log = LoggerFactory.getLogger(SlaveMetadataSync.class);
    private static final long CALL_TIMEOUT_MILLIS = 3000;

    private final Supplier<String> masterAddr;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final ScheduleMessageService schedule;
    private final TimerWheel timers;
    private final long intervalMillis;
    private final RemotingClient client;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong pushedOffsets = new AtomicLong();
    private volatile long lastSuccessMillis;
    private String lastError;
    private final DutyCycleWorker periodicSync;

    public SlaveMetadataSync(Supplier<String> masterAddr, TopicConfigTable topics, SubscriptionGroupTable groups,
                             ConsumerOffsetTable offsets, ScheduleMessageService schedule, TimerWheel timers,
                             long intervalMillis, FaultRegistry faults, io.ferrymq.remoting.TlsConfig tls) {
        this.masterAddr = masterAddr;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.schedule = schedule;
        this.timers = timers;
        this.intervalMillis = intervalMillis;
        this.client = new RemotingClient(new RemotingClientConfig().name("ha-metadata-sync-client").tls(tls));
        this.periodicSync = DutyCycleWorker.periodic("ha-metadata-sync", Clock.SYSTEM, intervalMillis,
                this::syncQuietly, faults);
    }

    public void start() {
        periodicSync.start();
    }

    /**
     * Signs every call to the master with the broker's inner account: the GET_ALL_* calls are admin requests, so a
     * master with ACL on refuses them unsigned and the slave would keep none of its topics, groups or offsets.
     */
    public void signWith(io.ferrymq.remoting.acl.Credentials credentials) {
        client.setRequestHook(new io.ferrymq.remoting.acl.SigningHook(credentials));
    }

    /** Runs one round now on the caller's thread (tests) or on the sync thread. */
    void syncQuietly() {
        String addr = masterAddr.get();
        if (addr == null) {
            return;
        }
        try {
            syncOnce(addr);
            rounds.incrementAndGet();
            lastSuccessMillis = System.currentTimeMillis();
            if (lastError != null) {
                log.info("metadata sync from master {} works again", addr);
                lastError = null;
            }
        } catch (RemotingException | IllegalStateException | JsonBodyException e) {
            failures.incrementAndGet();
            String msg = e.toString();
            if (!msg.equals(lastError)) {
                log.warn("metadata sync from master {} failed: {}; retrying every {} ms", addr, msg, intervalMillis);
                lastError = msg;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round; each kind of metadata is synced on its own, so one failing step never starves the others. */
    private void syncOnce(String addr) throws RemotingException, InterruptedException {
        StringBuilder errors = new StringBuilder();
        step(errors, "topics", () -> syncTopics(call(addr, RequestCode.GET_ALL_TOPIC_CONFIG)));
        step(errors, "subscription groups", () -> syncGroups(call(addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)));
        step(errors, "consumer offsets", () -> syncOffsets(addr, call(addr, RequestCode.GET_ALL_CONSUMER_OFFSET)));
        step(errors, "delay progress", () -> syncDelayProgress(call(addr, RequestCode.GET_ALL_DELAY_OFFSET)));
        if (timers != null) {
            step(errors, "timer progress", () -> timers.adoptMasterProgress(
                    TimerProgressProcessor.decode(call(addr, RequestCode.GET_TIMER_CHECK_POINT))));
        }
        if (errors.length() > 0) {
            throw new IllegalStateException(errors.toString());
        }
    }

    private interface Step {
        void run() throws RemotingException, InterruptedException;
    }

    private static void step(StringBuilder errors, String what, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (RemotingException | IllegalStateException | JsonBodyException e) {
            errors.append(errors.length() == 0 ? "" : "; ").append(what).append(": ").append(e);
        }
    }

    private byte[] call(String addr, int code) throws RemotingException, InterruptedException {
        RemotingCommand resp = client.invokeSync(addr, RemotingCommand.request(code), CALL_TIMEOUT_MILLIS);
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("master " + addr + " answered request " + code + " with code "
                    + resp.code() + " " + resp.remark());
        }
        return resp.body() == null ? new byte[0] : resp.body();
    }

    private void syncTopics(byte[] body) {
        TopicConfigSerializeWrapper w = Json.parse(body, TopicConfigSerializeWrapper.class);
        if (w == null || w.getTopicConfigTable() == null) {
            return;
        }
        for (io.ferrymq.remoting.protocol.body.TopicConfig t : w.getTopicConfigTable().values()) {
            if (t == null || t.getTopicName() == null) {
                continue;
            }
            TopicConfig mine = new TopicConfig(t.getTopicName(), t.getReadQueueNums(), t.getWriteQueueNums(),
                    t.getPerm(), t.getTopicFilterType() == TopicFilterType.MULTI_TAG ? TopicConfig.MULTI_TAG
                    : TopicConfig.SINGLE_TAG, t.getTopicSysFlag(), t.isOrder(), t.getAttributes());
            if (!mine.equals(topics.get(mine.topicName()))) {
                topics.put(mine);
            }
        }
    }

    private void syncGroups(byte[] body) {
        SubscriptionGroupWrapper w = Json.parse(body, SubscriptionGroupWrapper.class);
        if (w == null) {
            return;
        }
        for (io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig g : w.getSubscriptionGroupTable().values()) {
            if (g == null || g.getGroupName() == null) {
                continue;
            }
            SubscriptionGroupConfig mine = WireBodies.groupConfig(g);
            if (!mine.equals(groups.get(mine.groupName()))) {
                groups.put(mine);
            }
        }
    }

    private void syncOffsets(String addr, byte[] body) throws RemotingException, InterruptedException {
        Map<String, Map<String, Map<Integer, Long>>> w = Json.parse(body,
                new TypeReference<Map<String, Map<String, Map<Integer, Long>>>>() { }.getType());
        Map<String, Map<Integer, Long>> master = w == null || w.get("offsetTable") == null ? Map.of()
                : w.get("offsetTable");
        OffsetMerge.Plan plan = OffsetMerge.plan(master, offsets.snapshot());
        for (OffsetMerge.Entry e : plan.adopt()) {
            offsets.commit(OffsetMerge.groupOf(e.key()), OffsetMerge.topicOf(e.key()), e.queueId(), e.offset());
        }
        for (OffsetMerge.Entry e : plan.push()) {
            UpdateConsumerOffsetRequestHeader h = new UpdateConsumerOffsetRequestHeader()
                    .consumerGroup(OffsetMerge.groupOf(e.key())).topic(OffsetMerge.topicOf(e.key()))
                    .queueId(e.queueId()).commitOffset(e.offset());
            RemotingCommand resp = client.invokeSync(addr,
                    RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET, h), CALL_TIMEOUT_MILLIS);
            if (resp.code() == ResponseCode.SUCCESS) {
                pushedOffsets.incrementAndGet();
                log.info("pushed consumer offset {} q{} = {} (committed on this slave) to master {}", e.key(),
                        e.queueId(), e.offset(), addr);
            } else {
                log.warn("master {} refused consumer offset {} q{} = {}: {} {}", addr, e.key(), e.queueId(),
                        e.offset(), resp.code(), resp.remark());
            }
        }
    }

    private void syncDelayProgress(byte[] body) {
        if (schedule == null) {
            return;
        }
        Map<String, Map<Integer, Long>> w = Json.parse(body,
                new TypeReference<Map<String, Map<Integer, Long>>>() { }.getType());
        if (w != null && w.get("offsetTable") != null) {
            schedule.adoptProgress(new HashMap<>(w.get("offsetTable")));
        }
    }

    /**
     * Gives a master that lost its store (it is restoring its commit log from this slave, {@code ReplicationSink})
     * the topics and subscription groups it lacks, from this slave's copies, then merges consumer offsets as every
     * round does (the larger wins, so this slave's are pushed). Topics the master refuses (system topics it owns)
     * are logged and skipped. Runs on the replication sink's thread, before the commit log is sent.
     *
     * @throws IOException when the master cannot be asked or answers with an error
     */
    void restoreMaster(String addr) throws IOException, InterruptedException {
        try {
            TopicConfigSerializeWrapper theirs = Json.parse(call(addr, RequestCode.GET_ALL_TOPIC_CONFIG),
                    TopicConfigSerializeWrapper.class);
            Set<String> haveTopics = theirs == null || theirs.getTopicConfigTable() == null ? Set.of()
                    : theirs.getTopicConfigTable().keySet();
            int sentTopics = 0;
            List<String> refused = new ArrayList<>();
            for (TopicConfig t : topics.all()) {
                if (haveTopics.contains(t.topicName())) {
                    continue;
                }
                CreateTopicListRequestBody body = new CreateTopicListRequestBody();
                body.setTopicConfigList(List.of(WireBodies.topicConfig(t)));
                RemotingCommand resp = client.invokeSync(addr, RemotingCommand.request(
                        RequestCode.UPDATE_AND_CREATE_TOPIC_LIST).body(Json.toBytes(body)), CALL_TIMEOUT_MILLIS);
                if (resp.code() == ResponseCode.SUCCESS) {
                    sentTopics++;
                } else {
                    refused.add(t.topicName() + " (" + resp.code() + " " + resp.remark() + ")");
                }
            }
            SubscriptionGroupWrapper g = Json.parse(call(addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG),
                    SubscriptionGroupWrapper.class);
            Set<String> haveGroups = g == null || g.getSubscriptionGroupTable() == null ? Set.of()
                    : g.getSubscriptionGroupTable().keySet();
            int sentGroups = 0;
            for (SubscriptionGroupConfig c : groups.all()) {
                if (haveGroups.contains(c.groupName())) {
                    continue;
                }
                RemotingCommand resp = client.invokeSync(addr, RemotingCommand.request(
                        RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP).body(Json.toBytes(WireBodies.groupConfig(c))),
                        CALL_TIMEOUT_MILLIS);
                if (resp.code() == ResponseCode.SUCCESS) {
                    sentGroups++;
                } else {
                    refused.add("group " + c.groupName() + " (" + resp.code() + " " + resp.remark() + ")");
                }
            }
            syncOffsets(addr, call(addr, RequestCode.GET_ALL_CONSUMER_OFFSET));
            log.warn("gave master {}, which lost its store, {} topics and {} subscription groups from this slave's "
                    + "copies{}", addr, sentTopics, sentGroups, refused.isEmpty() ? "" : "; it refused " + refused);
        } catch (RemotingException | IllegalStateException | JsonBodyException e) {
            throw new IOException("giving master " + addr + " its topics and groups back failed: " + e, e);
        }
    }

    public long rounds() {
        return rounds.get();
    }

    public long failures() {
        return failures.get();
    }

    public long pushedOffsets() {
        return pushedOffsets.get();
    }

    /** Wall-clock time of the last complete round, 0 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    /** Stops the sync thread. Idempotent. */
    public void shutdown() {
        periodicSync.close();
        client.shutdown();
    }
}
