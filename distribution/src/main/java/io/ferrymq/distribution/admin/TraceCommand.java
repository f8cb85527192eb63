package io.ferrymq.distribution.admin;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.MessageTrace;
import io.ferrymq.client.admin.TraceRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * queryMsgTrace: the life of one message from the trace topic that clients with message trace enabled write to
 * (the official client's {@code enableMsgTrace}): who sent it and how long the send took, where and when the broker
 * stored it, which consumer groups received it, when, and with what result.
 */
@Command(name = "queryMsgTrace", mixinStandardHelpOptions = true,
        description = "Show the trace of a message: sent by whom, stored where and when, consumed by which group, "
                + "when and with what result. Needs clients with message trace enabled.")
final class TraceCommand extends AdminCommand {
    @Option(names = {"-i", "--msgId"}, required = true, description = "Message id (the id a send returns).")
    String msgId;

    @Option(names = {"-t", "--traceTopic"}, defaultValue = AdminClient.DEFAULT_TRACE_TOPIC,
            description = "Trace topic the clients write to (default: ${DEFAULT-VALUE}).")
    String traceTopic;

    @Override
    public Integer call() {
        try (AdminClient admin = common.admin()) {
            MessageTrace trace = admin.queryMessageTrace(traceTopic, msgId);
            if (trace.records().isEmpty() && trace.undecodable().isEmpty()) {
                throw new IllegalArgumentException("no trace of message " + msgId + " in trace topic " + traceTopic
                        + "; are the producer and consumers running with message trace enabled "
                        + "(enableMsgTrace) and writing to this topic?");
            }
            if (common.json) {
                CommonOptions.printJson(out(), json(trace));
                return 0;
            }
            Table t = new Table("#Event", "#Time", "#Group", "#Client", "#Detail", "#Result", "#CostMs");
            for (TraceRecord r : trace.records()) {
                t.row(event(r), r.timestamp() < 0 ? "-" : Instant.ofEpochMilli(r.timestamp()),
                        nz(r.group()), nz(r.clientHost()), detail(r), result(r),
                        r.costMillis() < 0 ? "-" : r.costMillis());
                if (r.type() == TraceRecord.Type.PUB && trace.stored() != null) {
                    ReceivedMessage s = trace.stored();
                    t.row("STORED", Instant.ofEpochMilli(s.storeTimestamp()), nz(s.brokerName()),
                            s.storeHost() == null ? "-" : hostPort(s.storeHost()),
                            "queue " + s.queueId() + " offset " + s.queueOffset() + " commitlog "
                                    + s.commitLogOffset(), "-", "-");
                }
            }
            out().println("Message " + msgId + " (trace topic " + traceTopic + ")");
            t.print(out());
            for (String bad : trace.undecodable()) {
                out().println("undecodable trace message " + bad);
            }
            return 0;
        }
    }

    private static String event(TraceRecord r) {
        return switch (r.type()) {
            case PUB -> "SENT";
            case SUB_BEFORE -> "DELIVERED";
            case SUB_AFTER -> "CONSUMED";
            case END_TRANSACTION -> "END_TRANSACTION";
        };
    }

    private static String detail(TraceRecord r) {
        return switch (r.type()) {
            case PUB -> "topic " + r.topic() + " tags " + nz(r.tags()) + " to " + nz(r.storeHost()) + ", "
                    + r.bodyLength() + " bytes, " + nz(r.messageType());
            case SUB_BEFORE -> "reconsume " + r.retryTimes();
            case SUB_AFTER -> "request " + nz(r.requestId());
            case END_TRANSACTION -> "topic " + r.topic() + " " + nz(r.transactionState());
        };
    }

    private static String result(TraceRecord r) {
        return switch (r.type()) {
            case PUB -> r.success() ? "success" : "failed";
            case SUB_AFTER -> (r.success() ? "success" : "failed") + (r.consumeResult() == null ? ""
                    : " (" + r.consumeResult() + ")");
            case END_TRANSACTION -> nz(r.transactionState());
            default -> "-";
        };
    }

    private static Map<String, Object> json(MessageTrace trace) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgId", trace.msgId());
        m.put("traceTopic", trace.traceTopic());
        List<Map<String, Object>> events = new ArrayList<>();
        for (TraceRecord r : trace.records()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", event(r));
            e.put("type", r.type().name());
            e.put("timestamp", r.timestamp());
            e.put("group", r.group());
            e.put("clientHost", r.clientHost());
            e.put("topic", r.topic());
            e.put("tags", r.tags());
            e.put("keys", r.keys());
            e.put("storeHost", r.storeHost());
            e.put("costMillis", r.costMillis());
            e.put("success", r.success());
            e.put("consumeResult", r.consumeResult());
            e.put("retryTimes", r.retryTimes());
            e.put("requestId", r.requestId());
            e.put("transactionState", r.transactionState());
            events.add(e);
        }
        m.put("events", events);
        m.put("stored", trace.stored() == null ? null : MessageCommands.describe(trace.stored()));
        m.put("undecodable", trace.undecodable());
        return m;
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String nz(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
