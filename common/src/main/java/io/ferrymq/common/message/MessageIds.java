package io.ferrymq.common.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Offset message ids: uppercase hex of store IP (4 or 16 bytes) + store port (int) + commit-log offset
 * (long), 32 hex chars for IPv4 and 56 for IPv6 (RocketMQ {@code MessageDecoder#createMessageId}).
 */
public final class MessageIds {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    public static final int IPV4_ID_LENGTH = 32;
    public static final int IPV6_ID_LENGTH = 56;

    private MessageIds() {
    }

    /** A decoded offset message id. */
    public record OffsetMsgId(InetSocketAddress storeHost, long commitLogOffset) {
    }

    public static String createOffsetMsgId(InetSocketAddress storeHost, long commitLogOffset) {
        return createOffsetMsgId(MessageLayout.hostBytes(storeHost), commitLogOffset);
    }

    /** @param storeHostBytes address (4 or 16) + port (4), as stored in the STOREHOST field */
    public static String createOffsetMsgId(byte[] storeHostBytes, long commitLogOffset) {
        char[] out = new char[(storeHostBytes.length + 8) * 2];
        int p = 0;
        for (byte b : storeHostBytes) {
            out[p++] = HEX[(b >>> 4) & 0xF];
            out[p++] = HEX[b & 0xF];
        }
        for (int shift = 60; shift >= 0; shift -= 4) {
            out[p++] = HEX[(int) (commitLogOffset >>> shift) & 0xF];
        }
        return new String(out);
    }

    /** Id of the stored message whose STOREHOST field starts at absolute {@code hostIndex} of {@code buf}. */
    public static String createOffsetMsgId(ByteBuffer buf, int hostIndex, boolean v6, long commitLogOffset) {
        byte[] host = new byte[v6 ? MessageLayout.IPV6_HOST_LENGTH : MessageLayout.IPV4_HOST_LENGTH];
        buf.get(hostIndex, host);
        return createOffsetMsgId(host, commitLogOffset);
    }

    /**
     * Decodes an offset message id.
     *
     * @throws IllegalArgumentException when the id is not 32 or 56 hex chars
     */
    public static OffsetMsgId decodeOffsetMsgId(String msgId) {
        int len = msgId.length();
        if (len != IPV4_ID_LENGTH && len != IPV6_ID_LENGTH) {
            throw new IllegalArgumentException("offset message id must be 32 or 56 hex chars, got " + len
                + ": " + msgId);
        }
        byte[] bytes = new byte[len / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(msgId.charAt(2 * i), 16);
            int lo = Character.digit(msgId.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("offset message id has a non-hex char: " + msgId);
            }
            bytes[i] = (byte) ((hi << 4) | lo);
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        int addrLen = len == IPV4_ID_LENGTH ? 4 : 16;
        byte[] addr = new byte[addrLen];
        bb.get(addr);
        int port = bb.getInt();
        long offset = bb.getLong();
        try {
            return new OffsetMsgId(new InetSocketAddress(InetAddress.getByAddress(addr), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in offset message id " + msgId, e);
        }
    }
}
