package io.ferrymq.broker.send;

import io.ferrymq.broker.schedule.DelayLevelTransform;
import io.ferrymq.broker.timer.TimerMessages;
import io.ferrymq.broker.transaction.HalfMessages;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.PropertyScan;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks the properties of each record of a batch send (no delay level, timer or transaction inside a batch) and
 * gives the properties to store: the record's own plus UNIQ_KEY when it has none and the {@link BrokerStamp}.
 *
 * <p>Why not decode and encode a map per record, as a single send does: under batches of 32 messages that map was
 * about 20% of broker CPU. One {@link PropertyScan} reads the few properties that matter, and the missing pairs
 * are appended to the record's string. Where appending would not give the same result, that is where the string
 * is not {@linkplain PropertyScan#plainPairs plain pairs} (a segment decode drops, a name twice) or already holds
 * a CLUSTER other than this broker's, the map path runs as before. So the stored string decodes to the same map as
 * the map path's and holds each name once; only the order of its pairs may differ.
 *
 * <p>One instance per batch: not thread-safe.
 */
final class BatchRecordProperties {
    static final String DELAY_REFUSAL = "delay levels are not supported inside a batch";
    static final String TIMER_OR_TRANSACTION_REFUSAL =
            "timer and transactional messages are not supported inside a batch; send them one by one";
    private static final String END = String.valueOf(MessageProperties.PROPERTY_SEPARATOR);
    private static final String UNIQ_KEY_NAME = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX
            + MessageProperties.NAME_VALUE_SEPARATOR;

    private static final int DELAY = 0;
    private static final int TRAN_MSG = 1;
    private static final int UNIQ_KEY = 2;
    private static final int CLUSTER = 3;
    private static final int REGION = 4;
    private static final int TRACE = 5;
    /** The timer properties follow, in the order of {@link TimerMessages#DELIVERY_PROPERTIES}. */
    private static final int FIRST_TIMER = 6;

    /** The properties to store for a record, or (properties null) why the record may not be in a batch. */
    record Outcome(String properties, String refusal) {
    }

    /** The names' table, built once: a batch makes its own scan. */
    private static final PropertyScan.Names NAMES = PropertyScan.Names.of(names());

    private final PropertyScan scan = new PropertyScan(NAMES);
    private final BrokerStamp stamp;
    private final Supplier<String> uniqKeys;
    /** The stamp's pairs as appended to a record that lacks them, once per batch; "" for a null value. */
    private final String clusterPair;
    private final String regionPair;
    private final String tracePair;

    BatchRecordProperties(BrokerStamp stamp, Supplier<String> uniqKeys) {
        this.stamp = stamp;
        this.uniqKeys = uniqKeys;
        this.clusterPair = pair(MessageConst.PROPERTY_CLUSTER, stamp.cluster());
        this.regionPair = pair(MessageConst.PROPERTY_MSG_REGION, stamp.region());
        this.tracePair = pair(MessageConst.PROPERTY_TRACE_SWITCH, stamp.traceOn());
    }

    /** {@code name 0x01 value 0x02}, or "" for a null value: encode skips null values. */
    private static String pair(String name, String value) {
        return value == null ? "" : MessageProperties.appendPair(new StringBuilder(), name, value).toString();
    }

    private static String[] names() {
        String[] names = new String[FIRST_TIMER + TimerMessages.DELIVERY_PROPERTIES.size()];
        names[DELAY] = MessageConst.PROPERTY_DELAY_TIME_LEVEL;
        names[TRAN_MSG] = MessageConst.PROPERTY_TRANSACTION_PREPARED;
        names[UNIQ_KEY] = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
        names[CLUSTER] = MessageConst.PROPERTY_CLUSTER;
        names[REGION] = MessageConst.PROPERTY_MSG_REGION;
        names[TRACE] = MessageConst.PROPERTY_TRACE_SWITCH;
        for (int i = 0; i < TimerMessages.DELIVERY_PROPERTIES.size(); i++) {
            names[FIRST_TIMER + i] = TimerMessages.DELIVERY_PROPERTIES.get(i);
        }
        return names;
    }

    /** Checks one record's properties and, when it may be in a batch, stamps them. */
    Outcome of(String properties) {
        scan.scan(properties);
        if (DelayLevelTransform.delayLevel(scan.value(DELAY)) > 0) {
            return new Outcome(null, DELAY_REFUSAL);
        }
        if (isTimer() || HalfMessages.isPrepared(scan.value(TRAN_MSG))) {
            return new Outcome(null, TIMER_OR_TRANSACTION_REFUSAL);
        }
        if (!scan.plainPairs() || (scan.has(CLUSTER) && !scan.valueEquals(CLUSTER, stamp.cluster()))) {
            return new Outcome(mapped(properties), null);
        }
        // the missing pairs appended in one concatenation: one string of the exact size, no builder to copy from
        String p = properties == null ? "" : properties;
        String end = p.isEmpty() || p.charAt(p.length() - 1) == MessageProperties.PROPERTY_SEPARATOR ? "" : END;
        String cluster = scan.has(CLUSTER) ? "" : clusterPair;
        String region = scan.has(REGION) ? "" : regionPair;
        String trace = scan.has(TRACE) ? "" : tracePair;
        // a scanned value is never empty, so a UNIQ_KEY found is also not the map path's "missing or empty" one
        String key = scan.has(UNIQ_KEY) ? null : uniqKeys.get();
        return new Outcome(key == null ? p + end + cluster + region + trace
                : p + end + UNIQ_KEY_NAME + key + END + cluster + region + trace, null);
    }

    private boolean isTimer() {
        for (int i = FIRST_TIMER; i < FIRST_TIMER + TimerMessages.DELIVERY_PROPERTIES.size(); i++) {
            if (scan.has(i)) {
                return true;
            }
        }
        return false;
    }

    /** The map path, for the strings appending would not get right: what a batch send did for every record. */
    private String mapped(String properties) {
        Map<String, String> props = MessageProperties.decode(properties);
        String key = props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (key == null || key.isEmpty()) {
            props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKeys.get());
        }
        stamp.applyTo(props);
        return MessageProperties.encode(props);
    }
}
