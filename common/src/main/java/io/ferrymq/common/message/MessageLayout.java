package io.ferrymq.common.message;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Byte layout of one stored message: a commit-log entry, and the element of pull, query and view bodies.
 * All integers are big-endian, strings UTF-8. Offsets below are for IPv4 born and store hosts; each IPv6 host
 * (sysFlag bit 4 for BORNHOST, bit 5 for STOREHOST) is 12 bytes longer and shifts the fields after it.
 *
 * <pre>
 *  offset size
 *   0     4   TOTALSIZE            length of the whole entry, this field included
 *   4     4   MAGICCODE            0xDAA320A7 (V1: 1-byte topic length) or 0xDAA320AB (V2: 2-byte topic length)
 *   8     4   BODYCRC              CRC32(body) &amp; 0x7FFFFFFF
 *  12     4   QUEUEID
 *  16     4   FLAG                 user flag
 *  20     8   QUEUEOFFSET          logical offset in the consume queue
 *  28     8   PHYSICALOFFSET       commit-log offset of this entry
 *  36     4   SYSFLAG              see {@link MessageSysFlag}
 *  40     8   BORNTIMESTAMP
 *  48   8|20  BORNHOST             IPv4 address (4) + port int (4), or IPv6 address (16) + port int (4)
 *  56     8   STORETIMESTAMP
 *  64   8|20  STOREHOST            same format as BORNHOST
 *  72     4   RECONSUMETIMES
 *  76     8   PREPARED TX OFFSET
 *  84   4+n   BODYLENGTH + BODY
 *   .   1+t   TOPICLENGTH (signed byte, V1) or 2+t (short, V2, required when the topic is over 127 bytes) + TOPIC
 *   .   2+p   PROPERTIESLENGTH (short) + properties string ({@link MessageProperties})
 * </pre>
 *
 * <p>A commit-log segment ends with a blank entry when the next message does not fit: TOTALSIZE = the
 * remaining bytes of the segment, MAGICCODE = {@link #BLANK_MAGIC_CODE}; readers skip to the next segment.
 */
public final class MessageLayout {
    public static final int MAGIC_CODE_V1 = 0xDAA320A7;
    public static final int MAGIC_CODE_V2 = 0xDAA320AB;
    /** Magic of the filler at the end of a commit-log segment (RocketMQ BLANK_MAGIC_CODE, -875286124). */
    public static final int BLANK_MAGIC_CODE = -875286124;
    /** Smallest room a blank end-of-segment marker needs: TOTALSIZE + MAGICCODE. */
    public static final int END_FILE_MIN_BLANK_LENGTH = 4 + 4;

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_CODE_OFFSET = 4;
    public static final int BODY_CRC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int FLAG_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int PHYSICAL_OFFSET_OFFSET = 28;
    public static final int SYS_FLAG_OFFSET = 36;
    public static final int BORN_TIMESTAMP_OFFSET = 40;
    public static final int BORN_HOST_OFFSET = 48;

    public static final int IPV4_HOST_LENGTH = 4 + 4;
    public static final int IPV6_HOST_LENGTH = 16 + 4;
    /** Topics longer than this many bytes need magic V2. */
    public static final int MAX_V1_TOPIC_LENGTH = Byte.MAX_VALUE;
    public static final int MAX_TOPIC_LENGTH = Short.MAX_VALUE;

    /** Bytes of every fixed-size field with IPv4 hosts and V1 topic length. */
    public static final int FIXED_LENGTH_V4 = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + IPV4_HOST_LENGTH + 8
        + IPV4_HOST_LENGTH + 4 + 8 + 4 + 1 + 2;

    private MessageLayout() {
    }

    public static int bornHostLength(int sysFlag) {
        return MessageSysFlag.isBornHostV6(sysFlag) ? IPV6_HOST_LENGTH : IPV4_HOST_LENGTH;
    }

    public static int storeHostLength(int sysFlag) {
        return MessageSysFlag.isStoreHostV6(sysFlag) ? IPV6_HOST_LENGTH : IPV4_HOST_LENGTH;
    }

    public static int storeTimestampOffset(int sysFlag) {
        return BORN_HOST_OFFSET + bornHostLength(sysFlag);
    }

    public static int storeHostOffset(int sysFlag) {
        return storeTimestampOffset(sysFlag) + 8;
    }

    public static int reconsumeTimesOffset(int sysFlag) {
        return storeHostOffset(sysFlag) + storeHostLength(sysFlag);
    }

    public static int preparedTransactionOffsetOffset(int sysFlag) {
        return reconsumeTimesOffset(sysFlag) + 4;
    }

    public static int bodyLengthOffset(int sysFlag) {
        return preparedTransactionOffsetOffset(sysFlag) + 8;
    }

    /** Magic to use for a topic of {@code topicLength} UTF-8 bytes. */
    public static int magicFor(int topicLength) {
        return topicLength > MAX_V1_TOPIC_LENGTH ? MAGIC_CODE_V2 : MAGIC_CODE_V1;
    }

    public static int topicLengthSize(int magic) {
        return magic == MAGIC_CODE_V2 ? 2 : 1;
    }

    public static boolean isMessageMagic(int magic) {
        return magic == MAGIC_CODE_V1 || magic == MAGIC_CODE_V2;
    }

    /**
     * Total stored length of a message.
     *
     * @param sysFlag        decides the host lengths (bits 4 and 5)
     * @param bodyLength     body bytes
     * @param topicLength    topic UTF-8 bytes; over 127 uses the 2-byte V2 length
     * @param propertiesLength properties UTF-8 bytes
     */
    public static int calcLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) {
        return 4 // TOTALSIZE
            + 4 // MAGICCODE
            + 4 // BODYCRC
            + 4 // QUEUEID
            + 4 // FLAG
            + 8 // QUEUEOFFSET
            + 8 // PHYSICALOFFSET
            + 4 // SYSFLAG
            + 8 // BORNTIMESTAMP
            + bornHostLength(sysFlag)
            + 8 // STORETIMESTAMP
            + storeHostLength(sysFlag)
            + 4 // RECONSUMETIMES
            + 8 // PREPARED TX OFFSET
            + 4 + bodyLength
            + topicLengthSize(magicFor(topicLength)) + topicLength
            + 2 + propertiesLength;
    }

    /** sysFlag with bits 4 and 5 set to match the address families of the two hosts. */
    public static int withHostFlags(int sysFlag, InetSocketAddress bornHost, InetSocketAddress storeHost) {
        int f = sysFlag & ~(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG);
        if (!(address(bornHost) instanceof Inet4Address)) {
            f |= MessageSysFlag.BORNHOST_V6_FLAG;
        }
        if (!(address(storeHost) instanceof Inet4Address)) {
            f |= MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
        }
        return f;
    }

    /** Raw host bytes (address 4 or 16 + port int 4) as they are stored. */
    public static byte[] hostBytes(InetSocketAddress host) {
        byte[] addr = address(host).getAddress();
        byte[] out = new byte[addr.length + 4];
        System.arraycopy(addr, 0, out, 0, addr.length);
        int port = host.getPort();
        out[addr.length] = (byte) (port >>> 24);
        out[addr.length + 1] = (byte) (port >>> 16);
        out[addr.length + 2] = (byte) (port >>> 8);
        out[addr.length + 3] = (byte) port;
        return out;
    }

    /** Reads a host (4 or 16 address bytes + port int) at absolute {@code index}; no name lookup. */
    public static InetSocketAddress readHost(ByteBuffer buf, int index, boolean v6) {
        byte[] addr = new byte[v6 ? 16 : 4];
        buf.get(index, addr);
        int port = buf.getInt(index + addr.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("impossible: address of " + addr.length + " bytes", e);
        }
    }

    private static InetAddress address(InetSocketAddress host) {
        InetAddress a = host.getAddress();
        if (a == null) {
            throw new IllegalArgumentException("unresolved host " + host + ": stored hosts need an IP address");
        }
        return a;
    }
}
