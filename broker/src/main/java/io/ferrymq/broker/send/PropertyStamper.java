package io.ferrymq.broker.send;

import io.ferrymq.broker.schedule.DelayLevelTransform;
import io.ferrymq.broker.timer.TimerMessages;
import io.ferrymq.broker.transaction.HalfMessages;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.PropertyScan;

import java.util.function.Supplier;

/**
 * Reads the properties of a message being sent with one {@link PropertyScan} and, where that gives the same result
 * as the map path (decode into a map, put UNIQ_KEY when missing or empty, {@link BrokerStamp#applyTo}, encode),
 * stamps them by appending the missing pairs to the client's string: UNIQ_KEY, CLUSTER, MSG_REGION, TRACE_ON.
 *
 * <p>Why: decoding every message's properties into a HashMap and encoding them again was about 20% of broker CPU
 * under batches of 32 messages and 6-8% under single sync sends. Appending gives the map path's result only where
 * the string is {@linkplain PropertyScan#plainPairs plain pairs} (no segment decode drops, no name twice) and holds
 * no CLUSTER other than this broker's (the map path replaces it); {@link #appended} answers null elsewhere. So a
 * stamped string decodes to the same map as the map path's and holds each name once; only the order of its pairs
 * may differ. Whether the message needs the map path for another reason (delay level, timer, transaction, retry
 * topic) is the caller's to decide, from {@link #delayLevel}, {@link #timer} and {@link #transactionPrepared}.
 *
 * <p>Not thread-safe (it holds the scan's state): one per batch, or one per thread for single sends.
 */
final class PropertyStamper {
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

    /** The names' table, built once and shared by every stamper's scan. */
    private static final PropertyScan.Names NAMES = PropertyScan.Names.of(names());

    private final PropertyScan scan = new PropertyScan(NAMES);
    private String properties = "";
    /** The UNIQ_KEY the last {@link #appended} generated, or null when the string had one. */
    private String generatedKey;
    /**
     * The stamp whose pairs follow, as appended to a string that lacks them ("" for a null value: encode skips
     * null values). Made again only when a call brings another stamp, i.e. when the broker's config changed.
     */
    private BrokerStamp stamp;
    private String clusterPair;
    private String regionPair;
    private String tracePair;

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

    /** Scans {@code properties} (null counts as ""); the other methods then speak of it. Returns this. */
    PropertyStamper scan(String properties) {
        this.properties = properties == null ? "" : properties;
        this.generatedKey = null;
        scan.scan(this.properties);
        return this;
    }

    /** The delay level asked for, as {@code DelayLevelTransform.delayLevel(decode(s))}. */
    int delayLevel() {
        return DelayLevelTransform.delayLevel(scan.value(DELAY));
    }

    /** True when TRAN_MSG asks for a half message, as {@code HalfMessages.isPrepared(decode(s))}. */
    boolean transactionPrepared() {
        return HalfMessages.isPrepared(scan.value(TRAN_MSG));
    }

    /** True when a TIMER_* delivery property is present, as {@code TimerMessages.isTimer(decode(s))}. */
    boolean timer() {
        for (int i = FIRST_TIMER; i < FIRST_TIMER + TimerMessages.DELIVERY_PROPERTIES.size(); i++) {
            if (scan.has(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The scanned string with UNIQ_KEY (from {@code uniqKeys}, drawn only when the string has none) and the
     * stamp's pairs appended, or null where that would not be the map path's result (see the class doc): then
     * nothing is drawn from {@code uniqKeys}, and the caller runs the map path.
     */
    String appended(BrokerStamp stamp, Supplier<String> uniqKeys) {
        if (!scan.plainPairs() || (scan.has(CLUSTER) && !scan.valueEquals(CLUSTER, stamp.cluster()))) {
            return null;
        }
        pairsOf(stamp);
        String p = properties;
        // the missing pairs appended in one concatenation: one string of the exact size, no builder to copy from
        String end = p.isEmpty() || p.charAt(p.length() - 1) == MessageProperties.PROPERTY_SEPARATOR ? "" : END;
        String cluster = scan.has(CLUSTER) ? "" : clusterPair;
        String region = scan.has(REGION) ? "" : regionPair;
        String trace = scan.has(TRACE) ? "" : tracePair;
        // a scanned value is never empty, so a UNIQ_KEY found is also not the map path's "missing or empty" one
        generatedKey = scan.has(UNIQ_KEY) ? null : uniqKeys.get();
        return generatedKey == null ? p + end + cluster + region + trace
                : p + end + UNIQ_KEY_NAME + generatedKey + END + cluster + region + trace;
    }

    /** The stored UNIQ_KEY after {@link #appended} gave a string: the client's, or the one generated. */
    String uniqKey() {
        return generatedKey != null ? generatedKey : scan.value(UNIQ_KEY);
    }

    private void pairsOf(BrokerStamp s) {
        if (s == stamp || s.equals(stamp)) { // a batch brings one stamp; single sends an equal one each time
            return;
        }
        clusterPair = pair(MessageConst.PROPERTY_CLUSTER, s.cluster());
        regionPair = pair(MessageConst.PROPERTY_MSG_REGION, s.region());
        tracePair = pair(MessageConst.PROPERTY_TRACE_SWITCH, s.traceOn());
        stamp = s;
    }

    /** {@code name 0x01 value 0x02}, or "" for a null value: encode skips null values. */
    private static String pair(String name, String value) {
        return value == null ? "" : MessageProperties.appendPair(new StringBuilder(), name, value).toString();
    }
}
