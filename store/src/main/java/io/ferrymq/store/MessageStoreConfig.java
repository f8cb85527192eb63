package io.ferrymq.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Typed, validated configuration of the message store. Names follow RocketMQ's {@code MessageStoreConfig}
 * where the concept matches. Build with {@link #builder()} or {@link #fromProperties(Properties)}; {@link
 * Builder#build()} validates every value and names the key and the allowed range when one is wrong.
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>key</th><th>default</th><th>range / meaning</th></tr>
 * <tr><td>storePathRootDir</td><td>~/store</td><td>root directory (commitlog/, consumequeue/, index/, checkpoint)</td></tr>
 * <tr><td>mappedFileSizeCommitLog</td><td>1 GiB</td><td>4096..2^31-1 bytes per commit-log segment, &ge; maxMessageSize + 8</td></tr>
 * <tr><td>mappedFileSizeConsumeQueue</td><td>300000*20</td><td>multiple of 20, 20..2^31-20 bytes per consume-queue segment</td></tr>
 * <tr><td>flushDiskType</td><td>ASYNC_FLUSH</td><td>ASYNC_FLUSH or SYNC_FLUSH</td></tr>
 * <tr><td>flushIntervalCommitLog</td><td>500</td><td>1..60000 ms between async commit-log forces</td></tr>
 * <tr><td>flushIntervalConsumeQueue</td><td>1000</td><td>1..60000 ms between consume-queue/checkpoint forces</td></tr>
 * <tr><td>syncFlushTimeout</td><td>5000</td><td>1..600000 ms before a SYNC_FLUSH put answers FLUSH_DISK_TIMEOUT</td></tr>
 * <tr><td>fileReservedTime</td><td>72</td><td>0..87600 hours a full commit-log segment is kept</td></tr>
 * <tr><td>deleteWhen</td><td>04</td><td>hours of day (0..23, ';'-separated) when expired segments are deleted</td></tr>
 * <tr><td>diskMaxUsedSpaceRatio</td><td>75</td><td>10..95 %: above it expired-or-not oldest segments go at once</td></tr>
 * <tr><td>diskSpaceWarningLevelRatio</td><td>90</td><td>10..99 %: above it puts fail (disk full); &ge; diskMaxUsedSpaceRatio</td></tr>
 * <tr><td>maxStoreSizeBytes</td><td>0</td><td>0 (no limit) or bytes of commit log kept; over it puts fail (disk full)</td></tr>
 * <tr><td>maxMessageSize</td><td>4 MiB</td><td>1024..1 GiB bytes per stored message (and per batch)</td></tr>
 * <tr><td>deleteOnlyConsumed</td><td>false</td><td>keep segments some subscribed group has not consumed (time-based deletion only)</td></tr>
 * <tr><td>cleanResourceInterval</td><td>10000</td><td>100..3600000 ms between retention / disk checks</td></tr>
 * </table>
 */
public final class MessageStoreConfig {
    private final Path storePathRootDir;
    private final int mappedFileSizeCommitLog;
    private final int mappedFileSizeConsumeQueue;
    private final FlushDiskType flushDiskType;
    private final int flushIntervalCommitLog;
    private final int flushIntervalConsumeQueue;
    private final int syncFlushTimeout;
    private final int fileReservedTime;
    private final String deleteWhen;
    private final List<Integer> deleteWhenHours;
    private final int diskMaxUsedSpaceRatio;
    private final int diskSpaceWarningLevelRatio;
    private final long maxStoreSizeBytes;
    private final int maxMessageSize;
    private final boolean deleteOnlyConsumed;
    private final int cleanResourceInterval;

    private MessageStoreConfig(Builder b, List<Integer> hours) {
        this.storePathRootDir = b.storePathRootDir;
        this.mappedFileSizeCommitLog = b.mappedFileSizeCommitLog;
        this.mappedFileSizeConsumeQueue = b.mappedFileSizeConsumeQueue;
        this.flushDiskType = b.flushDiskType;
        this.flushIntervalCommitLog = b.flushIntervalCommitLog;
        this.flushIntervalConsumeQueue = b.flushIntervalConsumeQueue;
        this.syncFlushTimeout = b.syncFlushTimeout;
        this.fileReservedTime = b.fileReservedTime;
        this.deleteWhen = b.deleteWhen;
        this.deleteWhenHours = hours;
        this.diskMaxUsedSpaceRatio = b.diskMaxUsedSpaceRatio;
        this.diskSpaceWarningLevelRatio = b.diskSpaceWarningLevelRatio;
        this.maxStoreSizeBytes = b.maxStoreSizeBytes;
        this.maxMessageSize = b.maxMessageSize;
        this.deleteOnlyConsumed = b.deleteOnlyConsumed;
        this.cleanResourceInterval = b.cleanResourceInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder pre-filled with this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.storePathRootDir = storePathRootDir;
        b.mappedFileSizeCommitLog = mappedFileSizeCommitLog;
        b.mappedFileSizeConsumeQueue = mappedFileSizeConsumeQueue;
        b.flushDiskType = flushDiskType;
        b.flushIntervalCommitLog = flushIntervalCommitLog;
        b.flushIntervalConsumeQueue = flushIntervalConsumeQueue;
        b.syncFlushTimeout = syncFlushTimeout;
        b.fileReservedTime = fileReservedTime;
        b.deleteWhen = deleteWhen;
        b.diskMaxUsedSpaceRatio = diskMaxUsedSpaceRatio;
        b.diskSpaceWarningLevelRatio = diskSpaceWarningLevelRatio;
        b.maxStoreSizeBytes = maxStoreSizeBytes;
        b.maxMessageSize = maxMessageSize;
        b.deleteOnlyConsumed = deleteOnlyConsumed;
        b.cleanResourceInterval = cleanResourceInterval;
        return b;
    }

    private static final Map<String, BiConsumer<Builder, String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("storePathRootDir", (b, v) -> b.storePathRootDir(Path.of(v)));
        KEYS.put("mappedFileSizeCommitLog", (b, v) -> b.mappedFileSizeCommitLog(parseInt("mappedFileSizeCommitLog", v)));
        KEYS.put("mappedFileSizeConsumeQueue",
            (b, v) -> b.mappedFileSizeConsumeQueue(parseInt("mappedFileSizeConsumeQueue", v)));
        KEYS.put("flushDiskType", (b, v) -> {
            try {
                b.flushDiskType(FlushDiskType.valueOf(v.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("flushDiskType must be ASYNC_FLUSH or SYNC_FLUSH, got '" + v + "'");
            }
        });
        KEYS.put("flushIntervalCommitLog", (b, v) -> b.flushIntervalCommitLog(parseInt("flushIntervalCommitLog", v)));
        KEYS.put("flushIntervalConsumeQueue",
            (b, v) -> b.flushIntervalConsumeQueue(parseInt("flushIntervalConsumeQueue", v)));
        KEYS.put("syncFlushTimeout", (b, v) -> b.syncFlushTimeout(parseInt("syncFlushTimeout", v)));
        KEYS.put("fileReservedTime", (b, v) -> b.fileReservedTime(parseInt("fileReservedTime", v)));
        KEYS.put("deleteWhen", Builder::deleteWhen);
        KEYS.put("diskMaxUsedSpaceRatio", (b, v) -> b.diskMaxUsedSpaceRatio(parseInt("diskMaxUsedSpaceRatio", v)));
        KEYS.put("diskSpaceWarningLevelRatio",
            (b, v) -> b.diskSpaceWarningLevelRatio(parseInt("diskSpaceWarningLevelRatio", v)));
        KEYS.put("maxStoreSizeBytes", (b, v) -> b.maxStoreSizeBytes(parseLong("maxStoreSizeBytes", v)));
        KEYS.put("maxMessageSize", (b, v) -> b.maxMessageSize(parseInt("maxMessageSize", v)));
        KEYS.put("deleteOnlyConsumed", (b, v) -> {
            String t = v.trim();
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException("deleteOnlyConsumed must be true or false, got '" + v + "'");
            }
            b.deleteOnlyConsumed(Boolean.parseBoolean(t));
        });
        KEYS.put("cleanResourceInterval", (b, v) -> b.cleanResourceInterval(parseInt("cleanResourceInterval", v)));
    }

    /** Names of every accepted key. */
    public static List<String> keys() {
        return List.copyOf(KEYS.keySet());
    }

    /**
     * Reads every property; keys not listed in {@link #keys()} are rejected so a typo is not silently ignored.
     *
     * @throws IllegalArgumentException naming the bad key and the allowed values
     */
    public static MessageStoreConfig fromProperties(Properties props) {
        Builder b = builder();
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            BiConsumer<Builder, String> setter = KEYS.get(name);
            if (setter == null) {
                unknown.add(name);
            } else {
                setter.accept(b, props.getProperty(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown store config key(s) " + unknown + "; known keys: " + keys());
        }
        return b.build();
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    public Path storePathRootDir() {
        return storePathRootDir;
    }

    public Path commitLogDir() {
        return storePathRootDir.resolve("commitlog");
    }

    public Path consumeQueueDir() {
        return storePathRootDir.resolve("consumequeue");
    }

    public Path indexDir() {
        return storePathRootDir.resolve("index");
    }

    public int mappedFileSizeCommitLog() {
        return mappedFileSizeCommitLog;
    }

    public int mappedFileSizeConsumeQueue() {
        return mappedFileSizeConsumeQueue;
    }

    public FlushDiskType flushDiskType() {
        return flushDiskType;
    }

    public int flushIntervalCommitLog() {
        return flushIntervalCommitLog;
    }

    public int flushIntervalConsumeQueue() {
        return flushIntervalConsumeQueue;
    }

    public int syncFlushTimeout() {
        return syncFlushTimeout;
    }

    public int fileReservedTime() {
        return fileReservedTime;
    }

    public String deleteWhen() {
        return deleteWhen;
    }

    /** The parsed deleteWhen hours (0..23). */
    public List<Integer> deleteWhenHours() {
        return deleteWhenHours;
    }

    public int diskMaxUsedSpaceRatio() {
        return diskMaxUsedSpaceRatio;
    }

    public int diskSpaceWarningLevelRatio() {
        return diskSpaceWarningLevelRatio;
    }

    public long maxStoreSizeBytes() {
        return maxStoreSizeBytes;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public boolean deleteOnlyConsumed() {
        return deleteOnlyConsumed;
    }

    public int cleanResourceInterval() {
        return cleanResourceInterval;
    }

    @Override
    public String toString() {
        return "MessageStoreConfig{storePathRootDir=" + storePathRootDir + ", mappedFileSizeCommitLog="
            + mappedFileSizeCommitLog + ", mappedFileSizeConsumeQueue=" + mappedFileSizeConsumeQueue
            + ", flushDiskType=" + flushDiskType + ", flushIntervalCommitLog=" + flushIntervalCommitLog
            + ", flushIntervalConsumeQueue=" + flushIntervalConsumeQueue + ", syncFlushTimeout=" + syncFlushTimeout
            + ", fileReservedTime=" + fileReservedTime + ", deleteWhen=" + deleteWhen + ", diskMaxUsedSpaceRatio="
            + diskMaxUsedSpaceRatio + ", diskSpaceWarningLevelRatio=" + diskSpaceWarningLevelRatio
            + ", maxStoreSizeBytes=" + maxStoreSizeBytes + ", maxMessageSize=" + maxMessageSize
            + ", deleteOnlyConsumed=" + deleteOnlyConsumed + ", cleanResourceInterval=" + cleanResourceInterval + '}';
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Path storePathRootDir = Path.of(System.getProperty("user.home"), "store");
        private int mappedFileSizeCommitLog = 1024 * 1024 * 1024;
        private int mappedFileSizeConsumeQueue = 300_000 * ConsumeQueueLayout.ENTRY_SIZE;
        private FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;
        private int flushIntervalCommitLog = 500;
        private int flushIntervalConsumeQueue = 1000;
        private int syncFlushTimeout = 5000;
        private int fileReservedTime = 72;
        private String deleteWhen = "04";
        private int diskMaxUsedSpaceRatio = 75;
        private int diskSpaceWarningLevelRatio = 90;
        private long maxStoreSizeBytes = 0;
        private int maxMessageSize = 4 * 1024 * 1024;
        private boolean deleteOnlyConsumed = false;
        private int cleanResourceInterval = 10_000;

        private Builder() {
        }

        public Builder storePathRootDir(Path v) {
            this.storePathRootDir = v;
            return this;
        }

        public Builder mappedFileSizeCommitLog(int v) {
            this.mappedFileSizeCommitLog = v;
            return this;
        }

        public Builder mappedFileSizeConsumeQueue(int v) {
            this.mappedFileSizeConsumeQueue = v;
            return this;
        }

        public Builder flushDiskType(FlushDiskType v) {
            this.flushDiskType = v;
            return this;
        }

        public Builder flushIntervalCommitLog(int v) {
            this.flushIntervalCommitLog = v;
            return this;
        }

        public Builder flushIntervalConsumeQueue(int v) {
            this.flushIntervalConsumeQueue = v;
            return this;
        }

        public Builder syncFlushTimeout(int v) {
            this.syncFlushTimeout = v;
            return this;
        }

        public Builder fileReservedTime(int v) {
            this.fileReservedTime = v;
            return this;
        }

        public Builder deleteWhen(String v) {
            this.deleteWhen = v;
            return this;
        }

        public Builder diskMaxUsedSpaceRatio(int v) {
            this.diskMaxUsedSpaceRatio = v;
            return this;
        }

        public Builder diskSpaceWarningLevelRatio(int v) {
            this.diskSpaceWarningLevelRatio = v;
            return this;
        }

        public Builder maxStoreSizeBytes(long v) {
            this.maxStoreSizeBytes = v;
            return this;
        }

        public Builder maxMessageSize(int v) {
            this.maxMessageSize = v;
            return this;
        }

        public Builder deleteOnlyConsumed(boolean v) {
            this.deleteOnlyConsumed = v;
            return this;
        }

        public Builder cleanResourceInterval(int v) {
            this.cleanResourceInterval = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad key and its allowed range */
        public MessageStoreConfig build() {
            Objects.requireNonNull(storePathRootDir, "storePathRootDir");
            range("mappedFileSizeCommitLog", mappedFileSizeCommitLog, 4096, Integer.MAX_VALUE);
            range("mappedFileSizeConsumeQueue", mappedFileSizeConsumeQueue, ConsumeQueueLayout.ENTRY_SIZE,
                Integer.MAX_VALUE - ConsumeQueueLayout.ENTRY_SIZE);
            if (mappedFileSizeConsumeQueue % ConsumeQueueLayout.ENTRY_SIZE != 0) {
                throw new IllegalArgumentException("mappedFileSizeConsumeQueue must be a multiple of "
                    + ConsumeQueueLayout.ENTRY_SIZE + ", got " + mappedFileSizeConsumeQueue);
            }
            Objects.requireNonNull(flushDiskType, "flushDiskType");
            range("flushIntervalCommitLog", flushIntervalCommitLog, 1, 60_000);
            range("flushIntervalConsumeQueue", flushIntervalConsumeQueue, 1, 60_000);
            range("syncFlushTimeout", syncFlushTimeout, 1, 600_000);
            range("fileReservedTime", fileReservedTime, 0, 87_600);
            range("diskMaxUsedSpaceRatio", diskMaxUsedSpaceRatio, 10, 95);
            range("diskSpaceWarningLevelRatio", diskSpaceWarningLevelRatio, 10, 99);
            if (diskSpaceWarningLevelRatio < diskMaxUsedSpaceRatio) {
                throw new IllegalArgumentException("diskSpaceWarningLevelRatio (" + diskSpaceWarningLevelRatio
                    + ") must be >= diskMaxUsedSpaceRatio (" + diskMaxUsedSpaceRatio + ")");
            }
            if (maxStoreSizeBytes < 0) {
                throw new IllegalArgumentException("maxStoreSizeBytes must be 0 (no limit) or positive, got "
                    + maxStoreSizeBytes);
            }
            range("maxMessageSize", maxMessageSize, 1024, 1024 * 1024 * 1024);
            if ((long) maxMessageSize + 8 > mappedFileSizeCommitLog) {
                throw new IllegalArgumentException("maxMessageSize (" + maxMessageSize
                    + ") + 8 must fit in mappedFileSizeCommitLog (" + mappedFileSizeCommitLog + ")");
            }
            range("cleanResourceInterval", cleanResourceInterval, 100, 3_600_000);
            return new MessageStoreConfig(this, parseHours(deleteWhen));
        }

        private static List<Integer> parseHours(String deleteWhen) {
            if (deleteWhen == null || deleteWhen.isBlank()) {
                throw new IllegalArgumentException("deleteWhen must list hours 0..23 separated by ';', got '"
                    + deleteWhen + "'");
            }
            TreeSet<Integer> hours = new TreeSet<>();
            for (String part : deleteWhen.split(";")) {
                try {
                    int h = Integer.parseInt(part.trim());
                    if (h < 0 || h > 23) {
                        throw new NumberFormatException();
                    }
                    hours.add(h);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("deleteWhen must list hours 0..23 separated by ';', got '"
                        + deleteWhen + "'");
                }
            }
            return Collections.unmodifiableList(new ArrayList<>(hours));
        }

        private static void range(String key, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", got " + v);
            }
        }
    }
}
