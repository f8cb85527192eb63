package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.message.BatchCodec;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Client-side message conversions: ZLIB compression of bodies (sysFlag {@code COMPRESSED | ZLIB}, docs/protocol.md
 * 3.2), batch bodies (3.5), and decoding of stored messages from pull/query bodies into
 * {@link ReceivedMessage}s (3.1) with decompression. Stateless and thread-safe.
 */
public final class MessageCodec {
    private static final Logger log = LoggerFactory.getLogger(MessageCodec.class);

    /** sysFlag of a ZLIB-compressed body. */
    public static final int ZLIB_COMPRESSED = MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE;

    private MessageCodec() {
    }

    /** ZLIB stream (with zlib header) of {@code body} at {@code level}. */
    public static byte[] zlib(byte[] body, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(body);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Inflates a ZLIB stream. */
    public static byte[] unzlib(byte[] data) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2 + 64);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new DataFormatException("truncated zlib stream");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }

    /** The properties string the producer sends for {@code m} (its properties as they are). */
    public static String propertiesString(Message m) {
        return MessageProperties.encode(m.properties());
    }

    /** SEND_BATCH_MESSAGE body of {@code messages} (each with its own properties). */
    public static byte[] batchBody(List<? extends Message> messages) {
        List<BatchCodec.BatchRecord> records = new ArrayList<>(messages.size());
        for (Message m : messages) {
            records.add(BatchCodec.BatchRecord.of(m.flag(), m.body(), propertiesString(m)));
        }
        return BatchCodec.encode(records);
    }

    /**
     * Decodes a pull/query/view body. Like the official client, stops at the first undecodable entry (logged).
     *
     * @param brokerName broker group the body came from
     */
    public static List<ReceivedMessage> decodeStored(byte[] body, String brokerName) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        MessageDecoder.DecodeAllResult r = MessageDecoder.decodeAll(ByteBuffer.wrap(body));
        if (!r.complete()) {
            log.warn("dropping the rest of a message body from {} after {} messages: {}", brokerName,
                r.messages().size(), r.error());
        }
        List<ReceivedMessage> out = new ArrayList<>(r.messages().size());
        for (DecodedMessage d : r.messages()) {
            out.add(toReceived(d, brokerName));
        }
        return out;
    }

    /**
     * One decoded stored message as delivered to users (body decompressed). A body flagged compressed that cannot
     * be inflated stays as stored and the message is {@linkplain ReceivedMessage#markBodyError marked}, so a push
     * consumer treats it as a consume failure instead of handing compressed bytes to the listener.
     */
    public static ReceivedMessage toReceived(DecodedMessage d, String brokerName) {
        byte[] body = d.body();
        int sysFlag = d.sysFlag();
        String bodyError = null;
        if (MessageSysFlag.isCompressed(sysFlag)) {
            int type = sysFlag & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR;
            if (type == 0 || type == MessageSysFlag.COMPRESSION_ZLIB_TYPE) {
                try {
                    body = unzlib(body);
                    sysFlag &= ~MessageSysFlag.COMPRESSED_FLAG;
                } catch (DataFormatException e) {
                    bodyError = "flagged ZLIB-compressed but does not inflate: " + e.getMessage();
                }
            } else {
                bodyError = "compressed with type " + (type >> 8) + ", which this client cannot inflate";
            }
            if (bodyError != null) {
                log.warn("message {} of {} from {}: body {}", d.msgId(), d.topic(), brokerName, bodyError);
            }
        }
        Map<String, String> props = d.properties();
        ReceivedMessage m = new ReceivedMessage(d.topic(), d.flag(), body, props, brokerName, d.queueId(),
            d.queueOffset(), d.commitLogOffset(), sysFlag, d.bornTimestamp(), d.bornHost(), d.storeTimestamp(),
            d.storeHost(), d.reconsumeTimes(), d.storeSize(), d.msgId());
        return bodyError == null ? m : m.markBodyError(bodyError);
    }

    /** Checks a topic name as brokers do: [%|a-zA-Z0-9_-], at most 127 chars. */
    public static void checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new ClientException("topic is empty", false);
        }
        if (topic.length() > 127) {
            throw new ClientException("topic '" + topic.substring(0, 20) + "...' is longer than 127 chars", false);
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%'
                || c == '|' || c == '_' || c == '-';
            if (!ok) {
                throw new ClientException("topic '" + topic + "' has an illegal char '" + c
                    + "'; use letters, digits, '%', '|', '_' and '-'", false);
            }
        }
    }

    /** Whether {@code m} is a reply built by a replier (sent with SEND_REPLY_MESSAGE_V2). */
    public static boolean isReply(Message m) {
        return MessageConst.REPLY_MESSAGE_FLAG.equals(m.property(MessageConst.PROPERTY_MESSAGE_TYPE));
    }
}
