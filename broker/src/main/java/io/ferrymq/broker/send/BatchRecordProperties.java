package io.ferrymq.broker.send;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks the properties of each record of a batch send (no delay level, timer or transaction inside a batch) and
 * gives the properties to store: the record's own plus UNIQ_KEY when it has none and the {@link BrokerStamp}.
 *
 * <p>A {@link PropertyStamper} reads each record once and appends the missing pairs to its string; where appending
 * would not give the map path's result (see there) the record takes the map path, as every record did before.
 *
 * <p>One instance per batch: not thread-safe.
 */
final class BatchRecordProperties {
    static final String DELAY_REFUSAL = "delay levels are not supported inside a batch";
    static final String TIMER_OR_TRANSACTION_REFUSAL =
            "timer and transactional messages are not supported inside a batch; send them one by one";

    /** The properties to store for a record, or (properties null) why the record may not be in a batch. */
    record Outcome(String properties, String refusal) {
    }

    private final PropertyStamper stamper = new PropertyStamper();
    private final BrokerStamp stamp;
    private final Supplier<String> uniqKeys;

    BatchRecordProperties(BrokerStamp stamp, Supplier<String> uniqKeys) {
        this.stamp = stamp;
        this.uniqKeys = uniqKeys;
    }

    /** Checks one record's properties and, when it may be in a batch, stamps them. */
    Outcome of(String properties) {
        PropertyStamper s = stamper.scan(properties);
        if (s.delayLevel() > 0) {
            return new Outcome(null, DELAY_REFUSAL);
        }
        if (s.timer() || s.transactionPrepared()) {
            return new Outcome(null, TIMER_OR_TRANSACTION_REFUSAL);
        }
        String appended = s.appended(stamp, uniqKeys);
        return new Outcome(appended != null ? appended : mapped(properties), null);
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
