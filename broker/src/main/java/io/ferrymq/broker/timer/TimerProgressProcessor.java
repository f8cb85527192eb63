package io.ferrymq.broker.timer;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET_TIMER_CHECK_POINT (60): a master's timer {@link TimerWheel.Progress}, which its slaves' metadata sync copies
 * (docs/protocol.md 5.11a). The body is FerryMQ's own JSON object, not RocketMQ's binary TimerCheckpoint: only
 * FerryMQ slaves ask for it. A broker that is not delivering timers (a slave, or a master before its wheel's first
 * round) answers SYSTEM_ERROR saying so. Runs on the admin executor; reads one volatile field.
 */
public final class TimerProgressProcessor implements RequestProcessor {
    static final String FIRST_WAITING_DUE = "firstWaitingDue";
    static final String FIRST_WAITING_OFFSET = "firstWaitingOffset";
    static final String INDEXED_THROUGH_OFFSET = "indexedThroughOffset";
    static final String COMMIT_LOG_MAX_OFFSET = "commitLogMaxOffset";

    private final TimerWheel timers;

    public TimerProgressProcessor(TimerWheel timers) {
        this.timers = timers;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        TimerWheel.Progress p = timers.progress();
        if (p == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "this broker does not deliver timer "
                    + "messages (a slave, or a master that has not finished its first timer round); ask its master");
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(encode(p));
    }

    /** The JSON body for {@code p}. */
    public static byte[] encode(TimerWheel.Progress p) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(FIRST_WAITING_DUE, p.firstWaitingDue());
        m.put(FIRST_WAITING_OFFSET, p.firstWaitingOffset());
        m.put(INDEXED_THROUGH_OFFSET, p.indexedThroughOffset());
        m.put(COMMIT_LOG_MAX_OFFSET, p.commitLogMaxOffset());
        return Json.toBytes(m);
    }

    /** The progress in a GET_TIMER_CHECK_POINT body; IllegalStateException naming what is missing. */
    public static TimerWheel.Progress decode(byte[] body) {
        Map<String, Long> m = Json.parse(body,
                new com.alibaba.fastjson2.TypeReference<Map<String, Long>>() { }.getType());
        if (m == null) {
            throw new IllegalStateException("GET_TIMER_CHECK_POINT answered without a body");
        }
        return new TimerWheel.Progress(need(m, FIRST_WAITING_DUE), need(m, FIRST_WAITING_OFFSET),
                need(m, INDEXED_THROUGH_OFFSET), need(m, COMMIT_LOG_MAX_OFFSET));
    }

    private static long need(Map<String, Long> m, String key) {
        Long v = m.get(key);
        if (v == null) {
            throw new IllegalStateException("GET_TIMER_CHECK_POINT body has no " + key + ": " + m);
        }
        return v;
    }
}
