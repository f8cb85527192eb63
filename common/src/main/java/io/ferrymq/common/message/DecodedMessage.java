package io.ferrymq.common.message;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Every field of one stored message, decoded ({@link MessageDecoder}). {@code msgId} is the offset message
 * id (STOREHOST + PHYSICALOFFSET). The body is as stored (never decompressed). Arrays and maps are owned by
 * this value; do not modify them.
 */
public record DecodedMessage(
    int storeSize,
    int magicCode,
    int bodyCrc,
    int queueId,
    int flag,
    long queueOffset,
    long commitLogOffset,
    int sysFlag,
    long bornTimestamp,
    InetSocketAddress bornHost,
    long storeTimestamp,
    InetSocketAddress storeHost,
    int reconsumeTimes,
    long preparedTransactionOffset,
    byte[] body,
    String topic,
    String propertiesString,
    Map<String, String> properties,
    String msgId) {

    public String tags() {
        return properties.get(MessageConst.PROPERTY_TAGS);
    }

    public String keys() {
        return properties.get(MessageConst.PROPERTY_KEYS);
    }

    public String uniqKey() {
        return properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    }

    public long tagsCode() {
        return TagHash.tagsCode(tags());
    }
}
