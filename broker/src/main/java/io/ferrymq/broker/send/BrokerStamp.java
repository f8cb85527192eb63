package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.common.message.MessageConst;

import java.util.Map;

/**
 * The properties the broker stamps on every message it stores: CLUSTER (always the broker's cluster name; the
 * request/reply path needs it), MSG_REGION and TRACE_ON (only where the producer set none). A null value is
 * written as no pair at all, as {@code MessageProperties.encode} skips null values.
 */
record BrokerStamp(String cluster, String region, String traceOn) {
    static BrokerStamp of(BrokerConfig config) {
        return new BrokerStamp(config.brokerClusterName(), config.regionId(), Boolean.toString(config.traceOn()));
    }

    /** Stamps a decoded properties map. */
    void applyTo(Map<String, String> props) {
        props.put(MessageConst.PROPERTY_CLUSTER, cluster);
        props.putIfAbsent(MessageConst.PROPERTY_MSG_REGION, region);
        props.putIfAbsent(MessageConst.PROPERTY_TRACE_SWITCH, traceOn);
    }
}
