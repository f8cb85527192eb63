package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes and decodes whole frames (see {@link FrameLayout}) without any channel: the Netty handlers and the
 * tests both use it.
 */
public final class FrameCodec {
    private FrameCodec() {
    }

    /**
     * Writes the length field, header word and header of {@code cmd}, and its byte-array body if it has one.
     * A {@link RemotingCommand#bodyBuffer()} is not copied: the caller sends it after the returned buffer.
     */
    public static ByteBuf encodeHeaderAndArrayBody(RemotingCommand cmd, ByteBufAllocator alloc) {
        int bodyLength = cmd.bodyLength();
        if (cmd.serializeType() == SerializeType.ROCKETMQ) {
            ByteBuf out = alloc.buffer(128 + (cmd.body() == null ? 0 : bodyLength));
            out.writeInt(0);
            out.writeInt(0);
            int headerStart = out.writerIndex();
            BinaryHeaderCodec.encode(cmd, out);
            int headerLength = out.writerIndex() - headerStart;
            checkHeaderLength(headerLength);
            out.setInt(0, FrameLayout.HEADER_WORD_SIZE + headerLength + bodyLength);
            out.setInt(4, FrameLayout.headerWord(SerializeType.ROCKETMQ, headerLength));
            if (cmd.body() != null) {
                out.writeBytes(cmd.body());
            }
            return out;
        }
        JsonHeaderWriter header = JsonHeaderWriter.ofThisThread();
        int headerLength = header.writeHeader(cmd);
        checkHeaderLength(headerLength);
        ByteBuf out = alloc.buffer(8 + headerLength + (cmd.body() == null ? 0 : bodyLength));
        out.writeInt(FrameLayout.HEADER_WORD_SIZE + headerLength + bodyLength);
        out.writeInt(FrameLayout.headerWord(SerializeType.JSON, headerLength));
        header.copyTo(out);
        if (cmd.body() != null) {
            out.writeBytes(cmd.body());
        }
        return out;
    }

    private static void checkHeaderLength(int headerLength) {
        if (headerLength > FrameLayout.MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("command header of " + headerLength
                    + " bytes exceeds the 24-bit header length field");
        }
    }

    /**
     * Decodes one frame whose length field has already been stripped: {@code frame} holds the header word,
     * header and body, and nothing else.
     *
     * @throws FrameFormatException describing what is wrong with the frame
     */
    public static RemotingCommand decode(ByteBuf frame) {
        int frameLength = frame.readableBytes();
        if (frameLength < FrameLayout.HEADER_WORD_SIZE) {
            throw new FrameFormatException("frame of " + frameLength + " bytes is too short for its header word");
        }
        int word = frame.readInt();
        int typeCode = FrameLayout.serializeTypeCode(word);
        SerializeType type = SerializeType.ofCode(typeCode);
        if (type == null) {
            throw new FrameFormatException("unknown serialize type " + typeCode);
        }
        int headerLength = FrameLayout.headerLength(word);
        if (headerLength > frame.readableBytes()) {
            throw new FrameFormatException("header length " + headerLength + " exceeds the frame's remaining "
                    + frame.readableBytes() + " bytes");
        }
        RemotingCommand cmd;
        if (type == SerializeType.JSON) {
            byte[] header = new byte[headerLength];
            frame.readBytes(header);
            cmd = JsonHeaderCodec.decode(header);
        } else {
            cmd = BinaryHeaderCodec.decode(frame, headerLength);
        }
        cmd.serializeType(type);
        int bodyLength = frame.readableBytes();
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            cmd.body(body);
        }
        return cmd;
    }
}
