package io.ferrymq.common.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Every field of a stored message except the three the store assigns at append time (QUEUEOFFSET,
 * PHYSICALOFFSET, STORETIMESTAMP), already converted to bytes: topic and properties UTF-8, hosts, body CRC and
 * the total encoded length. Preparing runs on the caller's thread so the appender only copies bytes
 * ({@link MessageEncoder}). Immutable and safe to share; the body buffer must not be modified afterwards.
 */
public final class PreparedMessage {
    private final String topic;
    private final byte[] topicBytes;
    private final int queueId;
    private final int flag;
    private final ByteBuffer body;
    private final int bodyCrc;
    private final byte[] propertiesBytes;
    private final int sysFlag;
    private final long bornTimestamp;
    private final byte[] bornHostBytes;
    private final byte[] storeHostBytes;
    private final int reconsumeTimes;
    private final long preparedTransactionOffset;
    private final int magic;
    private final int encodedLength;

    private PreparedMessage(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length == 0 || topicBytes.length > MessageLayout.MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic must be 1.." + MessageLayout.MAX_TOPIC_LENGTH
                + " UTF-8 bytes, got " + topicBytes.length);
        }
        this.queueId = b.queueId;
        this.flag = b.flag;
        this.body = b.body == null ? ByteBuffer.allocate(0) : b.body.slice();
        this.bodyCrc = b.bodyCrcSet ? b.bodyCrc : crc32(this.body);
        this.propertiesBytes = b.propertiesBytes != null ? b.propertiesBytes
            : (b.properties == null ? new byte[0] : b.properties.getBytes(StandardCharsets.UTF_8));
        if (propertiesBytes.length > MessageProperties.MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("properties must be at most " + MessageProperties.MAX_ENCODED_LENGTH
                + " UTF-8 bytes, got " + propertiesBytes.length);
        }
        InetSocketAddress born = Objects.requireNonNull(b.bornHost, "bornHost");
        InetSocketAddress store = Objects.requireNonNull(b.storeHost, "storeHost");
        this.sysFlag = MessageLayout.withHostFlags(b.sysFlag, born, store);
        this.bornTimestamp = b.bornTimestamp;
        this.bornHostBytes = MessageLayout.hostBytes(born);
        this.storeHostBytes = MessageLayout.hostBytes(store);
        this.reconsumeTimes = b.reconsumeTimes;
        this.preparedTransactionOffset = b.preparedTransactionOffset;
        this.magic = MessageLayout.magicFor(topicBytes.length);
        this.encodedLength = MessageLayout.calcLength(sysFlag, body.remaining(), topicBytes.length,
            propertiesBytes.length);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** CRC32 of the remaining bytes of {@code body} &amp; 0x7FFFFFFF, as stored in BODYCRC; position unchanged. */
    public static int crc32(ByteBuffer body) {
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public String topic() {
        return topic;
    }

    public byte[] topicBytes() {
        return topicBytes;
    }

    public int queueId() {
        return queueId;
    }

    public int flag() {
        return flag;
    }

    /** Read-only view of the body (position 0). */
    public ByteBuffer body() {
        return body.asReadOnlyBuffer();
    }

    int bodyLength() {
        return body.remaining();
    }

    ByteBuffer rawBody() {
        return body;
    }

    public int bodyCrc() {
        return bodyCrc;
    }

    public byte[] propertiesBytes() {
        return propertiesBytes;
    }

    /** sysFlag as it will be stored (host-family bits 4 and 5 set from the hosts). */
    public int sysFlag() {
        return sysFlag;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public byte[] bornHostBytes() {
        return bornHostBytes;
    }

    public byte[] storeHostBytes() {
        return storeHostBytes;
    }

    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public long preparedTransactionOffset() {
        return preparedTransactionOffset;
    }

    public int magic() {
        return magic;
    }

    /** TOTALSIZE of the stored entry. */
    public int encodedLength() {
        return encodedLength;
    }

    /** Builder; topic, bornHost and storeHost are required. */
    public static final class Builder {
        private String topic;
        private int queueId;
        private int flag;
        private ByteBuffer body;
        private int bodyCrc;
        private boolean bodyCrcSet;
        private String properties;
        private byte[] propertiesBytes;
        private int sysFlag;
        private long bornTimestamp;
        private InetSocketAddress bornHost;
        private InetSocketAddress storeHost;
        private int reconsumeTimes;
        private long preparedTransactionOffset;

        private Builder() {
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder queueId(int queueId) {
            this.queueId = queueId;
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body == null ? null : ByteBuffer.wrap(body);
            return this;
        }

        /** The remaining bytes of {@code body} (not copied). */
        public Builder body(ByteBuffer body) {
            this.body = body;
            return this;
        }

        /** Use this CRC instead of computing it (e.g. when it was already verified). */
        public Builder bodyCrc(int bodyCrc) {
            this.bodyCrc = bodyCrc;
            this.bodyCrcSet = true;
            return this;
        }

        /** Encoded properties string ({@link MessageProperties#encode}). */
        public Builder properties(String properties) {
            this.properties = properties;
            this.propertiesBytes = null;
            return this;
        }

        /** Encoded properties string as UTF-8 bytes. */
        public Builder propertiesBytes(byte[] propertiesBytes) {
            this.propertiesBytes = propertiesBytes;
            this.properties = null;
            return this;
        }

        public Builder sysFlag(int sysFlag) {
            this.sysFlag = sysFlag;
            return this;
        }

        public Builder bornTimestamp(long bornTimestamp) {
            this.bornTimestamp = bornTimestamp;
            return this;
        }

        public Builder bornHost(InetSocketAddress bornHost) {
            this.bornHost = bornHost;
            return this;
        }

        public Builder storeHost(InetSocketAddress storeHost) {
            this.storeHost = storeHost;
            return this;
        }

        public Builder reconsumeTimes(int reconsumeTimes) {
            this.reconsumeTimes = reconsumeTimes;
            return this;
        }

        public Builder preparedTransactionOffset(long preparedTransactionOffset) {
            this.preparedTransactionOffset = preparedTransactionOffset;
            return this;
        }

        /** @throws IllegalArgumentException when the topic or properties are too long, or a host is unresolved */
        public PreparedMessage build() {
            return new PreparedMessage(this);
        }
    }
}
