package io.ferrymq.store;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Typed, validated configuration of the message store. Every key is defined once in {@link #DEF} (name, type,
 * default, allowed values, meaning) under RocketMQ's {@code MessageStoreConfig} names where the concept matches;
 * {@code docs/configuration.md} is generated from it. Build with {@link #builder()} or {@link
 * #fromProperties(Properties)}: each value is checked when set, and {@link Builder#build()} checks the rules that
 * join keys. Immutable once built.
 */
public final class MessageStoreConfig {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("store");

    public static final ConfigKey<Path> STORE_PATH_ROOT_DIR = KEYS.define(ConfigKey.custom("storePathRootDir",
            Path.class, Path.of(System.getProperty("user.home"), "store"), MessageStoreConfig::parsePath,
            "any directory").defaultText("~/store")
            .doc("Root of the commit log, consume queues, indexes and checkpoint."));
    public static final ConfigKey<Path> STORE_PATH_COMMIT_LOG = KEYS.define(ConfigKey.custom("storePathCommitLog",
            Path.class, null, t -> t.isEmpty() ? null : parsePath(t), "any directory, empty for the default")
            .defaultText("storePathRootDir/commitlog")
            .doc("Directory of the commit-log segments (RocketMQ's meaning), for example on a separate disk."));
    public static final ConfigKey<Integer> MAPPED_FILE_SIZE_COMMIT_LOG = KEYS.define(
            ConfigKey.integer("mappedFileSizeCommitLog", 1024 * 1024 * 1024).range(4096, Integer.MAX_VALUE)
                    .doc("Size of one commit-log segment file in bytes; must hold maxMessageSize + 8."));
    public static final ConfigKey<Integer> MAPPED_FILE_SIZE_CONSUME_QUEUE = KEYS.define(
            ConfigKey.integer("mappedFileSizeConsumeQueue", 300_000 * ConsumeQueueLayout.ENTRY_SIZE)
                    .validator(v -> {
                        if (v < ConsumeQueueLayout.ENTRY_SIZE || v % ConsumeQueueLayout.ENTRY_SIZE != 0) {
                            throw new IllegalArgumentException("not a positive multiple of "
                                    + ConsumeQueueLayout.ENTRY_SIZE);
                        }
                    }, "a positive multiple of " + ConsumeQueueLayout.ENTRY_SIZE)
                    .doc("Size of one consume-queue segment file (20 bytes per message)."));
    public static final ConfigKey<FlushDiskType> FLUSH_DISK_TYPE = KEYS.define(
            ConfigKey.enumKey("flushDiskType", FlushDiskType.class, FlushDiskType.ASYNC_FLUSH)
                    .doc("SYNC_FLUSH acknowledges a put only once its bytes are forced to disk (group commit)."));
    public static final ConfigKey<Integer> FLUSH_INTERVAL_COMMIT_LOG = KEYS.define(
            ConfigKey.integer("flushIntervalCommitLog", 500).range(1, 60_000)
                    .doc("ASYNC_FLUSH: milliseconds between forces of the commit log."));
    public static final ConfigKey<Integer> FLUSH_INTERVAL_CONSUME_QUEUE = KEYS.define(
            ConfigKey.integer("flushIntervalConsumeQueue", 1000).range(1, 60_000)
                    .doc("Milliseconds between forces of the consume queues and the checkpoint."));
    public static final ConfigKey<Integer> SYNC_FLUSH_TIMEOUT = KEYS.define(
            ConfigKey.integer("syncFlushTimeout", 5000).range(1, 600_000)
                    .doc("SYNC_FLUSH: a put not forced within this many milliseconds answers FLUSH_DISK_TIMEOUT."));
    public static final ConfigKey<Integer> FILE_RESERVED_TIME = KEYS.define(
            ConfigKey.integer("fileReservedTime", 72).range(0, 87_600)
                    .doc("Hours a full commit-log segment is kept before age-based deletion."));
    public static final ConfigKey<String> DELETE_WHEN = KEYS.define(
            ConfigKey.custom("deleteWhen", String.class, "04", t -> {
                parseHours(t);
                return t;
            }, "hours 0..23 separated by ';'").doc("When age-based deletion runs (local time)."));
    public static final ConfigKey<Integer> DISK_MAX_USED_SPACE_RATIO = KEYS.define(
            ConfigKey.integer("diskMaxUsedSpaceRatio", 75).range(10, 95)
                    .doc("Disk usage percentage above which the oldest segments are deleted at once, whatever their age."));
    public static final ConfigKey<Integer> DISK_SPACE_WARNING_LEVEL_RATIO = KEYS.define(
            ConfigKey.integer("diskSpaceWarningLevelRatio", 90).range(10, 99)
                    .doc("Disk usage percentage above which puts are refused (disk full); reads go on. Must be "
                            + ">= diskMaxUsedSpaceRatio."));
    public static final ConfigKey<Long> MAX_STORE_SIZE_BYTES = KEYS.define(
            ConfigKey.longKey("maxStoreSizeBytes", 0).range(0, Long.MAX_VALUE)
                    .doc("Hard cap on the commit log's size in bytes (0: no limit); puts beyond it are refused."));
    public static final ConfigKey<Integer> MAX_MESSAGE_SIZE = KEYS.define(
            ConfigKey.integer("maxMessageSize", 4 * 1024 * 1024).range(1024, 1024 * 1024 * 1024)
                    .doc("Largest stored message (or batch) in bytes."));
    public static final ConfigKey<Boolean> DELETE_ONLY_CONSUMED = KEYS.define(
            ConfigKey.bool("deleteOnlyConsumed", false)
                    .doc("Keep segments that a subscribed group has not consumed yet, even past fileReservedTime."));
    public static final ConfigKey<Integer> CLEAN_RESOURCE_INTERVAL = KEYS.define(
            ConfigKey.integer("cleanResourceInterval", 10_000).range(100, 3_600_000)
                    .doc("Milliseconds between retention and disk-usage checks."));

    /** Every store key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values;
    private final List<Integer> deleteWhenHours;

    private MessageStoreConfig(ConfigValues values) {
        this.values = values;
        this.deleteWhenHours = parseHours(values.get(DELETE_WHEN));
    }

    public static Builder builder() {
        return new Builder(DEF.defaults());
    }

    /** Builder pre-filled with this config's values. */
    public Builder toBuilder() {
        return new Builder(values.copy());
    }

    /** Names of every accepted key. */
    public static List<String> keys() {
        return List.copyOf(DEF.names());
    }

    /**
     * Reads every property; a key not in {@link #DEF} is refused (with the closest known key) so a typo is not
     * silently ignored.
     *
     * @throws IllegalArgumentException naming the bad key and the allowed values
     */
    public static MessageStoreConfig fromProperties(Properties props) {
        return new Builder(DEF.defaults().apply(props)).build();
    }

    /** Builds from values read elsewhere (the broker reads the store's keys from its own file). */
    public static MessageStoreConfig of(ConfigValues values) {
        if (values.def() != DEF) {
            throw new IllegalArgumentException("not store values: " + values.def().component());
        }
        return new Builder(values.copy()).build();
    }

    private static Path parsePath(String t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return Path.of(t);
    }

    public Path storePathRootDir() {
        return values.get(STORE_PATH_ROOT_DIR);
    }

    /** {@code storePathCommitLog} when set, else {@code storePathRootDir/commitlog}. */
    public Path commitLogDir() {
        Path p = values.get(STORE_PATH_COMMIT_LOG);
        return p != null ? p : storePathRootDir().resolve("commitlog");
    }

    public Path consumeQueueDir() {
        return storePathRootDir().resolve("consumequeue");
    }

    public Path indexDir() {
        return storePathRootDir().resolve("index");
    }

    public int mappedFileSizeCommitLog() {
        return values.get(MAPPED_FILE_SIZE_COMMIT_LOG);
    }

    public int mappedFileSizeConsumeQueue() {
        return values.get(MAPPED_FILE_SIZE_CONSUME_QUEUE);
    }

    public FlushDiskType flushDiskType() {
        return values.get(FLUSH_DISK_TYPE);
    }

    public int flushIntervalCommitLog() {
        return values.get(FLUSH_INTERVAL_COMMIT_LOG);
    }

    public int flushIntervalConsumeQueue() {
        return values.get(FLUSH_INTERVAL_CONSUME_QUEUE);
    }

    public int syncFlushTimeout() {
        return values.get(SYNC_FLUSH_TIMEOUT);
    }

    public int fileReservedTime() {
        return values.get(FILE_RESERVED_TIME);
    }

    public String deleteWhen() {
        return values.get(DELETE_WHEN);
    }

    /** The parsed deleteWhen hours (0..23). */
    public List<Integer> deleteWhenHours() {
        return deleteWhenHours;
    }

    public int diskMaxUsedSpaceRatio() {
        return values.get(DISK_MAX_USED_SPACE_RATIO);
    }

    public int diskSpaceWarningLevelRatio() {
        return values.get(DISK_SPACE_WARNING_LEVEL_RATIO);
    }

    public long maxStoreSizeBytes() {
        return values.get(MAX_STORE_SIZE_BYTES);
    }

    public int maxMessageSize() {
        return values.get(MAX_MESSAGE_SIZE);
    }

    public boolean deleteOnlyConsumed() {
        return values.get(DELETE_ONLY_CONSUMED);
    }

    public int cleanResourceInterval() {
        return values.get(CLEAN_RESOURCE_INTERVAL);
    }

    @Override
    public String toString() {
        return "MessageStoreConfig" + values.asMap();
    }

    static List<Integer> parseHours(String deleteWhen) {
        String message = "deleteWhen must list hours 0..23 separated by ';', got '" + deleteWhen + "'";
        if (deleteWhen == null || deleteWhen.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        TreeSet<Integer> hours = new TreeSet<>();
        for (String part : deleteWhen.split(";")) {
            try {
                int h = Integer.parseInt(part.trim());
                if (h < 0 || h > 23) {
                    throw new IllegalArgumentException(message);
                }
                hours.add(h);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(message);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(hours));
    }

    /** Typed setters over the store's {@link #DEF}; each value is checked when set, {@link #build()} joins them. */
    public static final class Builder {
        private final ConfigValues values;

        private Builder(ConfigValues values) {
            this.values = values;
        }

        public Builder storePathRootDir(Path v) { values.set(STORE_PATH_ROOT_DIR, v); return this; }
        public Builder storePathCommitLog(Path v) { values.set(STORE_PATH_COMMIT_LOG, v); return this; }
        public Builder mappedFileSizeCommitLog(int v) { values.set(MAPPED_FILE_SIZE_COMMIT_LOG, v); return this; }
        public Builder mappedFileSizeConsumeQueue(int v) { values.set(MAPPED_FILE_SIZE_CONSUME_QUEUE, v); return this; }
        public Builder flushDiskType(FlushDiskType v) { values.set(FLUSH_DISK_TYPE, v); return this; }
        public Builder flushIntervalCommitLog(int v) { values.set(FLUSH_INTERVAL_COMMIT_LOG, v); return this; }
        public Builder flushIntervalConsumeQueue(int v) { values.set(FLUSH_INTERVAL_CONSUME_QUEUE, v); return this; }
        public Builder syncFlushTimeout(int v) { values.set(SYNC_FLUSH_TIMEOUT, v); return this; }
        public Builder fileReservedTime(int v) { values.set(FILE_RESERVED_TIME, v); return this; }
        public Builder deleteWhen(String v) { values.set(DELETE_WHEN, v); return this; }
        public Builder diskMaxUsedSpaceRatio(int v) { values.set(DISK_MAX_USED_SPACE_RATIO, v); return this; }
        public Builder diskSpaceWarningLevelRatio(int v) { values.set(DISK_SPACE_WARNING_LEVEL_RATIO, v); return this; }
        public Builder maxStoreSizeBytes(long v) { values.set(MAX_STORE_SIZE_BYTES, v); return this; }
        public Builder maxMessageSize(int v) { values.set(MAX_MESSAGE_SIZE, v); return this; }
        public Builder deleteOnlyConsumed(boolean v) { values.set(DELETE_ONLY_CONSUMED, v); return this; }
        public Builder cleanResourceInterval(int v) { values.set(CLEAN_RESOURCE_INTERVAL, v); return this; }

        /** @throws IllegalArgumentException naming the keys of the first rule between keys that fails */
        public MessageStoreConfig build() {
            int warning = values.get(DISK_SPACE_WARNING_LEVEL_RATIO);
            int maxUsed = values.get(DISK_MAX_USED_SPACE_RATIO);
            if (warning < maxUsed) {
                throw new IllegalArgumentException("diskSpaceWarningLevelRatio (" + warning
                        + ") must be >= diskMaxUsedSpaceRatio (" + maxUsed + ")");
            }
            int maxMessageSize = values.get(MAX_MESSAGE_SIZE);
            int segment = values.get(MAPPED_FILE_SIZE_COMMIT_LOG);
            if ((long) maxMessageSize + 8 > segment) {
                throw new IllegalArgumentException("maxMessageSize (" + maxMessageSize
                        + ") + 8 must fit in mappedFileSizeCommitLog (" + segment + ")");
            }
            return new MessageStoreConfig(values.copy());
        }
    }
}
