package io.ferrymq.broker.send;

import io.ferrymq.common.ManualClock;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The send validations of docs/protocol.md 2.4, one code each. */
class SendChecksTest {
    @TempDir
    Path dir;

    private SendChecks checks(BrokerConfig config, TopicConfigTable topics) {
        TopicCreator creator = new TopicCreator(config, topics);
        creator.createSystemTopics();
        return new SendChecks(config, topics, creator, new SubscriptionGroupTable(dir.resolve("groups.json"), true));
    }

    private TopicConfigTable topics() {
        TopicConfigTable t = new TopicConfigTable(dir.resolve("topics.json"), new ManualClock());
        t.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        t.put(TopicConfig.of("ReadOnly", 4, Perm.READ));
        return t;
    }

    private static SendRequestHeader header(String topic, int queueId, String props) {
        return new SendRequestHeader("pg", topic, "TBW102", 4, queueId, 0, 0, 0, props, 0, false, null, false);
    }

    private static int code(SendChecks.Outcome o) {
        return o.ok() ? ResponseCode.SUCCESS : o.rejection().code();
    }

    @Test
    void eachViolationHasItsCode() {
        SendChecks c = checks(new BrokerConfig().maxMessageSize(1024), topics());
        assertEquals(ResponseCode.SUCCESS, code(c.check(header("T", 3, ""), 100)));
        assertEquals(ResponseCode.INVALID_PARAMETER, code(c.check(header("bad topic", 0, ""), 1)));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, code(c.check(header("T".repeat(128), 0, ""), 1)));
        assertEquals(ResponseCode.NO_PERMISSION, code(c.check(header("SCHEDULE_TOPIC_XXXX", 0, ""), 1)));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, code(c.check(header("T", 0, "a\u0001" + "x".repeat(40_000)
                + "\u0002"), 1)));
        SendChecks.Outcome big = c.check(header("T", 0, ""), 1025);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, code(big));
        assertTrue(big.rejection().remark().contains("maxMessageSize"));
        SendChecks.Outcome unknown = c.check(header("Nope", 0, ""), 1);
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, code(unknown));
        assertTrue(unknown.rejection().remark().contains("Nope"));
        assertEquals(ResponseCode.NO_PERMISSION, code(c.check(header("ReadOnly", 0, ""), 1)));
        assertEquals(ResponseCode.INVALID_PARAMETER, code(c.check(header("T", 4, ""), 1)));
    }

    @Test
    void slaveRejectsWrites() {
        SendChecks c = checks(new BrokerConfig().brokerRole(BrokerRole.SLAVE).brokerId(1), topics());
        SendChecks.Outcome o = c.check(header("T", 0, ""), 1);
        assertEquals(ResponseCode.NO_PERMISSION, code(o));
        assertTrue(o.rejection().remark().contains("SLAVE"));
    }

    @Test
    void retryTopicsAreCreatedOnDemand() {
        TopicConfigTable t = topics();
        SendChecks c = checks(new BrokerConfig(), t);
        assertEquals(ResponseCode.SUCCESS, code(c.check(header("%RETRY%G", 0, ""), 1)));
        assertNotNull(t.get("%RETRY%G"));
    }

    @Test
    void autoCreateFromTbw102OnlyWhenEnabled() {
        TopicConfigTable t = topics();
        SendChecks off = checks(new BrokerConfig(), t);
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, code(off.check(header("Fresh", 0, ""), 1)));
        TopicConfigTable t2 = new TopicConfigTable(dir.resolve("topics2.json"), new ManualClock());
        SendChecks on = checks(new BrokerConfig().autoCreateTopicEnable(true), t2);
        SendChecks.Outcome o = on.check(header("Fresh", 0, ""), 1);
        assertEquals(ResponseCode.SUCCESS, code(o));
        assertEquals(4, o.topic().writeQueueNums());
        assertEquals(Perm.READ_WRITE, o.topic().perm());
    }
}
