package io.ferrymq.broker.stats;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.BrokerStatsData;
import io.ferrymq.remoting.protocol.header.ViewBrokerStatsDataRequestHeader;

/**
 * VIEW_BROKER_STATS_DATA (315): one statistic of {@link BrokerStats} over the last minute, hour and day, what
 * {@code mqadmin statsAll} reads for its InTPS/OutTPS and 24-hour columns. A name or key with no counter is
 * answered SYSTEM_ERROR naming both, as RocketMQ does (statsAll then shows no row for it).
 */
public final class ViewStatsProcessor implements RequestProcessor {
    private final BrokerStats stats;

    public ViewStatsProcessor(BrokerStats stats) {
        this.stats = stats;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        ViewBrokerStatsDataRequestHeader h = request.readHeader(ViewBrokerStatsDataRequestHeader::decode);
        if (!stats.tables().containsKey(h.statsName())) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The stats <" + h.statsName()
                    + "> <" + h.statsKey() + "> not exist: unknown statistic, known are " + stats.tables().keySet());
        }
        WindowedCounter c = stats.counter(h.statsName(), h.statsKey());
        if (c == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The stats <" + h.statsName()
                    + "> <" + h.statsKey() + "> not exist");
        }
        long now = stats.nowMillis();
        BrokerStatsData data = new BrokerStatsData(item(c.window(WindowedCounter.Window.MINUTE, now)),
                item(c.window(WindowedCounter.Window.HOUR, now)), item(c.window(WindowedCounter.Window.DAY, now)));
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(data));
    }

    private static BrokerStatsData.BrokerStatsItem item(WindowedCounter.Figures f) {
        return new BrokerStatsData.BrokerStatsItem(f.sum(), f.tps(), f.avgpt());
    }
}
