package io.ferrymq.benchmark;

import io.ferrymq.broker.client.Subscription;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pull-path cost of subscription filters: one {@code store.get} of up to 32 messages (what a PULL_MESSAGE does
 * before the network) through the broker's real filters, on a queue whose messages alternate tags TagA/TagB and
 * carry a user property {@code n = i % 10}. Every filter below passes half of the messages, so each operation
 * examines about 64 entries and returns 32:
 * <ul>
 *   <li>{@code TAG}: {@code TagA} — consume-queue tag hash only, the commit log is not read for rejects;</li>
 *   <li>{@code SQL}: {@code n >= 5} — every entry's stored properties are decoded and the expression evaluated;</li>
 *   <li>{@code SQL_TAGS}: {@code TAGS = 'TagA'} — the same selection as TAG, written in SQL92.</li>
 * </ul>
 * {@code ALL} (no filter, 32 of 32) is the baseline. One operation = one pull of 32 matching messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class PullFilterBench {
    static final int MESSAGES = 50_000;
    static final String TOPIC = "FilterBench";

    @Param({"ALL", "TAG", "SQL", "SQL_TAGS"})
    public String filter;

    private Path dir;
    private FileMessageStore store;
    private MessageFilter messageFilter;
    private long next;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "benchmark/target")), "pullfilter-");
        store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir)
            .mappedFileSizeCommitLog(64 * 1024 * 1024).flushDiskType(FlushDiskType.ASYNC_FLUSH).build());
        store.start();
        byte[] body = new byte[256];
        InetSocketAddress h = new InetSocketAddress("127.0.0.1", 10911);
        List<CompletableFuture<PutResult>> pending = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String props = MessageProperties.encode(Map.of(MessageConst.PROPERTY_TAGS, i % 2 == 0 ? "TagA" : "TagB",
                "n", Integer.toString(i % 10), "region", "eu"));
            pending.add(store.put(MessageToStore.of(TOPIC, 0, body, props, 1L, h, h)));
            if (pending.size() == 256) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
        while (store.maxOffset(TOPIC, 0) < MESSAGES) {
            Thread.onSpinWait(); // dispatch to the consume queue runs behind the append
        }
        SubscriptionFilters filters = new SubscriptionFilters(() -> true);
        Subscription sub = switch (filter) {
            case "ALL" -> Subscription.of(TOPIC, "*", "TAG", 1);
            case "TAG" -> Subscription.of(TOPIC, "TagA", "TAG", 1);
            case "SQL" -> Subscription.of(TOPIC, "n >= 5", "SQL92", 1);
            case "SQL_TAGS" -> Subscription.of(TOPIC, "TAGS = 'TagA'", "SQL92", 1);
            default -> throw new IllegalArgumentException(filter);
        };
        messageFilter = ((SubscriptionFilters.Accepted) filters.filterFor(sub)).filter();
    }

    @Benchmark
    public int pull32() {
        if (next >= MESSAGES - 200) {
            next = 0;
        }
        GetResult g = store.get(TOPIC, 0, next, 32, Integer.MAX_VALUE, messageFilter);
        next = g.nextBeginOffset();
        int n = g.messageCount();
        g.release();
        if (n != 32) {
            throw new IllegalStateException(filter + ": expected 32 messages, got " + n + " at " + next);
        }
        return n;
    }

    @TearDown
    public void tearDown() throws IOException {
        store.shutdown();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
