package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_BROKER_CONSUME_STATS (317) request header ({@code mqadmin brokerConsumeStats}).
 *
 * <p>Required: {@code isOrder} (only order topics when true). Handwritten codec, no reflection.
 */
public final class GetConsumeStatsInBrokerHeader implements CommandHeader {
    private boolean order;

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetConsumeStatsInBrokerHeader decode(ExtFields f) throws HeaderFieldException {
        GetConsumeStatsInBrokerHeader h = new GetConsumeStatsInBrokerHeader();
        h.order = f.requireBoolean("isOrder");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("isOrder", Boolean.toString(order));
    }

    public boolean order() {
        return order;
    }
}
