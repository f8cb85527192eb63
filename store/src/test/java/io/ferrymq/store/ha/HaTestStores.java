package io.ferrymq.store.ha;

import io.ferrymq.common.Clock;
import io.ferrymq.store.DiskUsage;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageStoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;

/** The small started stores the replication tests run on: 64 KiB commit-log segments, no clean-up during a test. */
final class HaTestStores {
    static final int SEGMENT = 64 * 1024;

    private HaTestStores() {
    }

    static FileMessageStore open(Path root, Clock clock) throws IOException {
        MessageStoreConfig cfg = MessageStoreConfig.builder().storePathRootDir(root)
                .mappedFileSizeCommitLog(SEGMENT).mappedFileSizeConsumeQueue(20 * 1024).maxMessageSize(8 * 1024)
                .cleanResourceInterval(3_600_000).build();
        FileMessageStore s = new FileMessageStore(cfg, clock, DiskUsage.FILE_SYSTEM, ZoneOffset.UTC);
        s.start();
        return s;
    }
}
