package io.ferrymq.benchmark.official;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    @Test
    void defaultsFollowTheSharedHarness() {
        BenchOptions o = BenchOptions.parse();
        assertEquals("127.0.0.1:9876", o.namesrv());
        assertEquals("BenchTopic", o.topic());
        assertEquals("async", o.mode());
        assertEquals(8, o.threads());
        assertEquals(1024, o.size());
        assertEquals(30, o.seconds());
        assertEquals(0, o.warmup());
        assertEquals(0, o.queues());
        assertEquals("TBW102", o.createKey());
        assertEquals(0L, o.messages());
    }

    @Test
    void everyFlagIsRead() {
        BenchOptions o = BenchOptions.parse("--namesrv", "10.0.0.1:9876;10.0.0.2:9876", "--topic", "T", "--mode",
                "TOPICS", "--threads", "32", "--size", "512", "--seconds", "20", "--warmup", "5", "--queues", "8",
                "--topics", "100", "--inflight", "64", "--responders", "4", "--timeout-ms", "5000",
                "--create-key", "K", "--messages", "2000000");
        assertEquals("10.0.0.1:9876;10.0.0.2:9876", o.namesrv());
        assertEquals("topics", o.mode());
        assertEquals(32, o.threads());
        assertEquals(512, o.size());
        assertEquals(20, o.seconds());
        assertEquals(5, o.warmup());
        assertEquals(8, o.queues());
        assertEquals(100, o.topics());
        assertEquals(64, o.inflight());
        assertEquals(4, o.responders());
        assertEquals(5000, o.timeoutMs());
        assertEquals("K", o.createKey());
        assertEquals(2_000_000L, o.messages());
    }

    @Test
    void topicsModeSpreadsOverNumberedTopicsAndTheOthersUseOne() {
        List<String> many = BenchOptions.parse("--mode", "topics", "--topic", "M", "--topics", "3").topicNames();
        assertEquals(List.of("M-0", "M-1", "M-2"), many);
        assertEquals(List.of("M"), BenchOptions.parse("--mode", "rpc", "--topic", "M", "--topics", "3").topicNames());
    }

    @Test
    void secondsAndWarmupAreCappedLikeTheHarness() {
        BenchOptions o = BenchOptions.parse("--seconds", "1000", "--warmup", "500");
        assertEquals(300, o.seconds());
        assertEquals(60, o.warmup());
    }

    @Test
    void badInputIsRefusedNamingTheFlag() {
        assertMessage("--mode must be one of [async, topics, rpc], not 'produce'", "--mode", "produce");
        assertMessage("--threads must be a whole number, not 'many'", "--threads", "many");
        assertMessage("--threads must be 1..1024, not 0", "--threads", "0");
        assertMessage("--inflight must be 1..100000, not -1", "--inflight", "-1");
        assertMessage("--timeout-ms must be 100..600000, not 10", "--timeout-ms", "10");
        assertMessage("--topics must be 1..10000, not 0", "--topics", "0");
        assertMessage("unknown flag --bogus", "--bogus", "1");
        assertMessage("--messages must be >= 0, not -5", "--messages", "-5");
        assertMessage("--threads is out of range: 99999999999", "--threads", "99999999999");
        assertMessage("--size needs a value", "--size");
        assertMessage("unexpected argument 'async' (flags are --name value)", "async");
        assertMessage("--namesrv and --topic must not be empty", "--topic", " ");
    }

    @Test
    void usageNamesEveryMode() {
        assertTrue(BenchOptions.usage().contains("async|topics|rpc"), BenchOptions.usage());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
        assertEquals(expected, e.getMessage());
    }
}
