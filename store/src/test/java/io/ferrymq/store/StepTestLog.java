package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.message.PreparedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A bare commit log for stepping the store's workers without a store around them. */
final class StepTestLog {
    final MessageStoreConfig config;
    final CommitLog commitLog;
    final SegmentReclaimer reclaimer;

    StepTestLog(Path dir, Clock clock, MessageStoreConfig.Builder config) throws IOException {
        this.config = config.storePathRootDir(dir).build();
        this.reclaimer = new SegmentReclaimer(clock);
        this.commitLog = new CommitLog(this.config.commitLogDir(), this.config.mappedFileSizeCommitLog(), reclaimer);
        commitLog.load();
        commitLog.recover(0);
    }

    /** Appends one message the way the appender does: with its queue offset and a store timestamp. */
    CommitLog.Appended append(String topic, int queueId, long queueOffset, String props) throws IOException {
        PreparedMessage pm = PreparedMessage.builder().topic(topic).queueId(queueId)
            .body(("body-" + queueOffset).getBytes(StandardCharsets.UTF_8))
            .propertiesBytes(props.getBytes(StandardCharsets.UTF_8)).bornTimestamp(1234L)
            .bornHost(StoreTestSupport.BORN).storeHost(StoreTestSupport.STORE_HOST).build();
        return commitLog.append(new PreparedMessage[] {pm}, queueOffset, 1_700_000_000_000L + queueOffset);
    }
}
