package io.ferrymq.client.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the body of a message in a trace topic (RocketMQ's trace data format, as its {@code TraceDataEncoder}
 * writes it): records separated by char 2, fields by char 1, the first field naming the type.
 * <pre>
 * Pub            | timestamp | region | group | topic | msgId | tags | keys | storeHost | bodyLength | costTime
 *                | msgType ordinal | [offsetMsgId] | success | [clientHost]
 * SubBefore      | timestamp | region | group | requestId | msgId | retryTimes | keys
 * SubAfter       | requestId | msgId | costTime | success | keys | [contextCode] | [timestamp]
 * EndTransaction | timestamp | region | group | topic | msgId | tags | keys | storeHost | msgType ordinal
 *                | transactionId | transactionState | fromTransactionCheck
 * </pre>
 * Stateless and thread-safe.
 */
public final class TraceData {
    static final char FIELD_SEPARATOR = 1;
    static final char RECORD_SEPARATOR = 2;
    private static final String[] MESSAGE_TYPES = {"Normal_Msg", "Trans_Msg_Half", "Trans_msg_Commit", "Delay_Msg",
        "Order_Msg"};
    private static final String[] CONSUME_RESULTS = {"SUCCESS", "TIME_OUT", "EXCEPTION", "RETURNNULL", "FAILED"};

    private TraceData() {
    }

    /**
     * Decodes every record of one trace message body.
     *
     * @param clientHost the address of the client that wrote it (the trace message's born host), or null
     * @throws IllegalArgumentException naming the record that does not follow the format
     */
    public static List<TraceRecord> decode(String body, String clientHost) {
        List<TraceRecord> out = new ArrayList<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String record : body.split(String.valueOf(RECORD_SEPARATOR))) {
            if (record.isBlank()) {
                continue;
            }
            String[] f = record.split(String.valueOf(FIELD_SEPARATOR), -1);
            try {
                out.add(decodeRecord(f, clientHost));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a trace record (" + e.getMessage() + "): "
                        + record.replace(FIELD_SEPARATOR, '|'), e);
            }
        }
        return out;
    }

    private static TraceRecord decodeRecord(String[] f, String host) {
        switch (f[0]) {
            case "Pub" -> {
                need(f, 13);
                String offsetMsgId = f.length >= 14 ? f[12] : null;
                boolean success = Boolean.parseBoolean(f.length >= 14 ? f[13] : f[12]);
                String clientHost = f.length >= 15 ? f[14] : host;
                return new TraceRecord(TraceRecord.Type.PUB, Long.parseLong(f[1]), f[2], f[3], f[4], f[5], f[6], f[7],
                        f[8], Integer.parseInt(f[9]), Integer.parseInt(f[10]), name(MESSAGE_TYPES, f[11]), offsetMsgId,
                        success, null, -1, null, null, clientHost);
            }
            case "SubBefore" -> {
                need(f, 8);
                return new TraceRecord(TraceRecord.Type.SUB_BEFORE, Long.parseLong(f[1]), f[2], f[3], null, f[5], null,
                        f[7], null, -1, -1, null, null, false, f[4], Integer.parseInt(f[6]), null, null, host);
            }
            case "SubAfter" -> {
                need(f, 6);
                String result = f.length >= 7 ? name(CONSUME_RESULTS, f[6]) : null;
                long ts = f.length >= 8 ? Long.parseLong(f[7]) : -1;
                return new TraceRecord(TraceRecord.Type.SUB_AFTER, ts, null, null, null, f[2], null, f[5], null, -1,
                        Integer.parseInt(f[3]), null, null, Boolean.parseBoolean(f[4]), f[1], -1, result, null, host);
            }
            case "EndTransaction" -> {
                need(f, 13);
                return new TraceRecord(TraceRecord.Type.END_TRANSACTION, Long.parseLong(f[1]), f[2], f[3], f[4], f[5],
                        f[6], f[7], f[8], -1, -1, name(MESSAGE_TYPES, f[9]), null, false, f[10], -1, null, f[11],
                        host);
            }
            default -> throw new IllegalArgumentException("unknown record type '" + f[0] + "'");
        }
    }

    private static void need(String[] f, int n) {
        if (f.length < n) {
            throw new IllegalArgumentException(f[0] + " needs at least " + n + " fields, has " + f.length);
        }
    }

    private static String name(String[] names, String ordinal) {
        int i = Integer.parseInt(ordinal);
        return i >= 0 && i < names.length ? names[i] : ordinal;
    }
}
