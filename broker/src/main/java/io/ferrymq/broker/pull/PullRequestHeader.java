package io.ferrymq.broker.pull;

import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

/** PULL_MESSAGE / LITE_PULL_MESSAGE request header (docs/protocol.md 2.5). */
public record PullRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset, int maxMsgNums,
                                int sysFlag, long commitOffset, long suspendTimeoutMillis, String subscription,
                                long subVersion, String expressionType, int maxMsgBytes) {
    public static final int FLAG_COMMIT_OFFSET = 0x1;
    public static final int FLAG_SUSPEND = 0x2;
    public static final int FLAG_SUBSCRIPTION = 0x4;
    public static final int FLAG_CLASS_FILTER = 0x8;
    public static final int FLAG_LITE_PULL = 0x10;

    public static PullRequestHeader decode(ExtFields f) throws HeaderFieldException {
        return new PullRequestHeader(f.requireString("consumerGroup"), f.requireString("topic"),
                f.requireInt("queueId"), f.requireLong("queueOffset"), f.requireInt("maxMsgNums"),
                f.requireInt("sysFlag"), f.optLong("commitOffset", 0), f.optLong("suspendTimeoutMillis", 15_000),
                f.optString("subscription", null), f.optLong("subVersion", 0), f.optString("expressionType", "TAG"),
                f.optInt("maxMsgBytes", Integer.MAX_VALUE));
    }

    public boolean hasCommitOffset() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    public boolean hasSuspend() {
        return (sysFlag & FLAG_SUSPEND) != 0;
    }

    public boolean hasSubscription() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0;
    }
}
