package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * RocketMQ's compact binary header (serialize type ROCKETMQ):
 *
 * <pre>
 *  code (short) | language (byte) | version (short) | opaque (int) | flag (int)
 *  | remark length (int, 0 = none) | remark UTF-8
 *  | extFields length (int, 0 = none) | { key length (short) | key | value length (int) | value }*
 * </pre>
 */
final class BinaryHeaderCodec {
    private BinaryHeaderCodec() {
    }

    static void encode(RemotingCommand cmd, ByteBuf out) {
        out.writeShort(cmd.code());
        out.writeByte(cmd.language().code());
        out.writeShort(cmd.version());
        out.writeInt(cmd.opaque());
        out.writeInt(cmd.flag());
        String remark = cmd.remark();
        if (remark == null || remark.isEmpty()) {
            out.writeInt(0);
        } else {
            int lenIndex = out.writerIndex();
            out.writeInt(0);
            int n = out.writeCharSequence(remark, StandardCharsets.UTF_8);
            out.setInt(lenIndex, n);
        }
        Map<String, String> ext = cmd.extFields();
        if (ext == null || ext.isEmpty()) {
            out.writeInt(0);
            return;
        }
        int extLenIndex = out.writerIndex();
        out.writeInt(0);
        int start = out.writerIndex();
        for (Map.Entry<String, String> e : ext.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            int keyLenIndex = out.writerIndex();
            out.writeShort(0);
            int kn = out.writeCharSequence(e.getKey(), StandardCharsets.UTF_8);
            out.setShort(keyLenIndex, kn);
            int valLenIndex = out.writerIndex();
            out.writeInt(0);
            int vn = out.writeCharSequence(e.getValue(), StandardCharsets.UTF_8);
            out.setInt(valLenIndex, vn);
        }
        out.setInt(extLenIndex, out.writerIndex() - start);
    }

    static RemotingCommand decode(ByteBuf in, int headerLength) {
        int end = in.readerIndex() + headerLength;
        RemotingCommand cmd = new RemotingCommand();
        need(in, end, 17, "fixed binary header fields");
        cmd.code(in.readShort());
        cmd.language(LanguageCode.ofCode(in.readByte()));
        cmd.version(in.readShort());
        cmd.opaque(in.readInt());
        cmd.flag(in.readInt());
        int remarkLen = in.readInt();
        checkLength(remarkLen, in, end, "remark");
        if (remarkLen > 0) {
            cmd.remark(in.readCharSequence(remarkLen, StandardCharsets.UTF_8).toString());
        }
        need(in, end, 4, "extFields length");
        int extLen = in.readInt();
        checkLength(extLen, in, end, "extFields");
        if (extLen > 0) {
            int extEnd = in.readerIndex() + extLen;
            Map<String, String> ext = new HashMap<>();
            while (in.readerIndex() < extEnd) {
                need(in, extEnd, 2, "extFields key length");
                int kl = in.readShort();
                checkLength(kl, in, extEnd, "extFields key");
                String key = in.readCharSequence(kl, StandardCharsets.UTF_8).toString();
                need(in, extEnd, 4, "extFields value length");
                int vl = in.readInt();
                checkLength(vl, in, extEnd, "extFields value of '" + key + "'");
                String value = in.readCharSequence(vl, StandardCharsets.UTF_8).toString();
                if (kl > 0 && vl > 0) {
                    ext.put(key, value);
                }
            }
            cmd.extFields(ext);
        }
        if (in.readerIndex() != end) {
            throw new FrameFormatException("binary header has " + (end - in.readerIndex())
                    + " trailing bytes after its extFields");
        }
        return cmd;
    }

    private static void need(ByteBuf in, int end, int n, String what) {
        if (end - in.readerIndex() < n) {
            throw new FrameFormatException("binary header truncated: no room for " + what);
        }
    }

    private static void checkLength(int len, ByteBuf in, int end, String what) {
        if (len < 0 || len > end - in.readerIndex()) {
            throw new FrameFormatException("binary header: " + what + " length " + len
                    + " is negative or runs past the header");
        }
    }
}
