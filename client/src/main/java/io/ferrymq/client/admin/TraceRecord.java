package io.ferrymq.client.admin;

/**
 * One message-trace record written by a client with message trace enabled (the official client's
 * {@code enableMsgTrace}), decoded from the trace topic by {@link TraceData}. Fields a record type does not carry
 * are null (strings), -1 (numbers) or false.
 *
 * @param type          what happened
 * @param timestamp     when (epoch ms): send start, consume start or consume end; -1 when the record has none
 * @param regionId      region the client reported
 * @param group         producer group (PUB, END_TRANSACTION) or consumer group (SUB_BEFORE, and SUB_AFTER once
 *                      matched to its SUB_BEFORE by request id)
 * @param topic         topic of the traced message (PUB, END_TRANSACTION)
 * @param msgId         the traced message's id (client unique id)
 * @param tags          its tag
 * @param keys          its keys
 * @param storeHost     broker address that stored it (PUB)
 * @param bodyLength    body bytes (PUB)
 * @param costMillis    send time (PUB) or time in the listener (SUB_AFTER)
 * @param messageType   RocketMQ MessageType name (Normal_Msg, Trans_Msg_Half, Trans_msg_Commit, Delay_Msg,
 *                      Order_Msg)
 * @param offsetMsgId   broker-side offset id (PUB)
 * @param success       send succeeded (PUB) or the listener returned success (SUB_AFTER)
 * @param requestId     links a SUB_BEFORE to its SUB_AFTER
 * @param retryTimes    reconsume count at delivery (SUB_BEFORE)
 * @param consumeResult how the listener ended (SUB_AFTER): SUCCESS, TIME_OUT, EXCEPTION, RETURNNULL or FAILED
 * @param transactionState COMMIT_MESSAGE / ROLLBACK_MESSAGE / UNKNOW (END_TRANSACTION)
 * @param clientHost    address of the client that wrote the record (the trace message's born host)
 */
public record TraceRecord(Type type, long timestamp, String regionId, String group, String topic, String msgId,
                          String tags, String keys, String storeHost, int bodyLength, int costMillis,
                          String messageType, String offsetMsgId, boolean success, String requestId,
                          int retryTimes, String consumeResult, String transactionState, String clientHost) {

    /** Record types of RocketMQ's trace format. */
    public enum Type {
        /** A send (by a producer). */
        PUB("Pub"),
        /** A consumer received the message and is about to run its listener. */
        SUB_BEFORE("SubBefore"),
        /** The consumer's listener returned. */
        SUB_AFTER("SubAfter"),
        /** A transactional message was committed or rolled back. */
        END_TRANSACTION("EndTransaction");

        final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }
    }

    TraceRecord withGroupAndClient(String g, String host) {
        return new TraceRecord(type, timestamp, regionId, g, topic, msgId, tags, keys, storeHost, bodyLength,
                costMillis, messageType, offsetMsgId, success, requestId, retryTimes, consumeResult,
                transactionState, host);
    }
}
