package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * Offsets to reset to, by queue: the answer of INVOKE_BROKER_TO_RESET_OFFSET and the body of
 * RESET_CONSUMER_CLIENT_OFFSET (broker to client). Written in the literal MessageQueue object-key form.
 */
public class ResetOffsetBody {
    private Map<MessageQueue, Long> offsetTable = new HashMap<>();

    public ResetOffsetBody() {
    }

    public Map<MessageQueue, Long> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<MessageQueue, Long> offsetTable) {
        this.offsetTable = offsetTable;
    }

    @Override
    public String toString() {
        return "ResetOffsetBody{" + "offsetTable=" + offsetTable + '}';
    }
}
