package io.ferrymq.broker.stats;

import io.ferrymq.common.ManualClock;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.BrokerStatsData;
import io.ferrymq.remoting.protocol.header.ViewBrokerStatsDataRequestHeader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerStatsTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final BrokerStats stats = new BrokerStats(clock, "C1");
    private final StatsSampler sampler = new StatsSampler(stats);

    @Test
    void putsAreCountedPerTopicAndForTheBroker() {
        stats.onTopicPut("T1", 3, 300);
        stats.onTopicPut("T1", 1, 100);
        stats.onTopicPut("T2", 2, 50);
        assertEquals(4, stats.counter(BrokerStats.TOPIC_PUT_NUMS, "T1").total());
        assertEquals(400, stats.counter(BrokerStats.TOPIC_PUT_SIZE, "T1").total());
        assertEquals(2, stats.counter(BrokerStats.TOPIC_PUT_NUMS, "T1").additions());
        assertEquals(6, stats.putMessages());
        assertEquals(6, stats.counter(BrokerStats.BROKER_PUT_NUMS, "C1").total());
        assertNull(stats.counter(BrokerStats.TOPIC_PUT_NUMS, "T3"));
    }

    @Test
    void pullsAreCountedPerTopicAndGroupOnlyWhenMessagesFlow() {
        stats.onGroupGet("T1", "G1", 5, 500);
        stats.onGroupGet("T1", "G1", 0, 0);
        assertEquals(5, stats.counter(BrokerStats.GROUP_GET_NUMS, "T1@G1").total());
        assertEquals(500, stats.counter(BrokerStats.GROUP_GET_SIZE, "T1@G1").total());
        assertEquals(5, stats.getTransferred());
        assertEquals(1, stats.getFound());
        assertEquals(1, stats.getMiss());
    }

    @Test
    void minuteWindowForgetsWhatIsOlderThanItsSamples() {
        stats.onTopicPut("T", 60, 600);
        clock.advance(10_000);
        WindowedCounter c = stats.counter(BrokerStats.TOPIC_PUT_NUMS, "T");
        WindowedCounter.Figures f = c.window(WindowedCounter.Window.MINUTE, clock.monotonicMillis());
        assertEquals(60, f.sum());
        assertEquals(6.0, f.tps(), 1e-9);
        assertEquals(60.0, f.avgpt(), 1e-9);
        // 7 more samples 10 s apart: the sample holding the 60 puts' "before" is pushed out of the minute ring
        for (int i = 0; i < WindowedCounter.MINUTE_SAMPLES; i++) {
            sampler.run();
            clock.advance(10_000);
        }
        assertEquals(0, c.window(WindowedCounter.Window.MINUTE, clock.monotonicMillis()).sum());
        assertEquals(60, c.window(WindowedCounter.Window.DAY, clock.monotonicMillis()).sum());
        assertEquals(60, c.window(WindowedCounter.Window.HOUR, clock.monotonicMillis()).sum());
    }

    @Test
    void runtimeRatesAreTenSecondsOneMinuteAndTenMinutes() {
        stats.onTopicPut("T", 100, 1000);
        clock.advance(10_000);
        sampler.run();
        stats.onTopicPut("T", 50, 500);
        clock.advance(10_000);
        double[] tps = stats.putTps();
        assertEquals(5.0, tps[0], 1e-9, "50 messages since the sample 10 s ago");
        assertEquals(7.5, tps[1], 1e-9, "150 messages since the oldest sample of the minute ring, 20 s ago");
        assertEquals(7.5, tps[2], 1e-9, "the hour ring has only its first sample");
    }

    @Test
    void rejectionsAreCountedByRequestKindAndCode() {
        stats.onAnswer(RequestCode.SEND_MESSAGE_V2, ResponseCode.SYSTEM_BUSY);
        stats.onAnswer(RequestCode.SEND_MESSAGE, ResponseCode.SYSTEM_BUSY);
        stats.onAnswer(RequestCode.SEND_MESSAGE, ResponseCode.SUCCESS);
        stats.onAnswer(RequestCode.PULL_MESSAGE, ResponseCode.PULL_NOT_FOUND);
        stats.onAnswer(RequestCode.PULL_MESSAGE, ResponseCode.SUBSCRIPTION_NOT_EXIST);
        assertEquals(2, stats.rejections().get(new BrokerStats.Rejection("send", ResponseCode.SYSTEM_BUSY)).sum());
        assertEquals(1, stats.rejections().get(new BrokerStats.Rejection("pull",
                ResponseCode.SUBSCRIPTION_NOT_EXIST)).sum());
        assertEquals(2, stats.rejections().size(), "SUCCESS and PULL_NOT_FOUND are not rejections");
        assertEquals("SYSTEM_BUSY", new BrokerStats.Rejection("send", 2).codeName());
        stats.onAnswer(RequestCode.PULL_MESSAGE, ResponseCode.SYSTEM_BUSY);
        assertEquals(3, stats.systemBusyRejections(), "every kind of request, SYSTEM_BUSY only (runtime info)");
    }

    @Test
    void viewBrokerStatsDataAnswersTheWindowsOrNamesWhatIsMissing() throws Exception {
        stats.onTopicPut("T", 30, 300);
        clock.advance(10_000);
        ViewStatsProcessor p = new ViewStatsProcessor(stats);
        RemotingCommand ok = p.process(null, RemotingCommand.request(RequestCode.VIEW_BROKER_STATS_DATA,
                new ViewBrokerStatsDataRequestHeader(BrokerStats.TOPIC_PUT_NUMS, "T")));
        assertEquals(ResponseCode.SUCCESS, ok.code());
        BrokerStatsData d = Json.parse(ok.body(), BrokerStatsData.class);
        assertEquals(30, d.getStatsMinute().getSum());
        assertEquals(3.0, d.getStatsMinute().getTps(), 1e-9);
        assertEquals(30, d.getStatsDay().getSum());

        RemotingCommand missing = p.process(null, RemotingCommand.request(RequestCode.VIEW_BROKER_STATS_DATA,
                new ViewBrokerStatsDataRequestHeader(BrokerStats.TOPIC_PUT_NUMS, "Nope")));
        assertEquals(ResponseCode.SYSTEM_ERROR, missing.code());
        assertTrue(missing.remark().contains("TOPIC_PUT_NUMS") && missing.remark().contains("Nope"));
        RemotingCommand unknown = p.process(null, RemotingCommand.request(RequestCode.VIEW_BROKER_STATS_DATA,
                new ViewBrokerStatsDataRequestHeader("NO_SUCH_STAT", "T")));
        assertTrue(unknown.remark().contains("unknown statistic"), unknown.remark());
    }
}
