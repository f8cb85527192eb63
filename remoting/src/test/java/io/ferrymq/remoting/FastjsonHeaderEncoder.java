package io.ferrymq.remoting;

import com.alibaba.fastjson2.JSONWriter;

import java.util.Map;

/**
 * The JSON header encoder FerryMQ used before {@link JsonHeaderWriter}, kept verbatim as the reference the
 * hand-written writer is held to, byte for byte. fastjson2's streaming writer, field by field.
 */
final class FastjsonHeaderEncoder {
    private FastjsonHeaderEncoder() {
    }

    static byte[] encode(RemotingCommand cmd) {
        try (JSONWriter w = JSONWriter.ofUTF8()) {
            w.startObject();
            w.writeName("code");
            w.writeColon();
            w.writeInt32(cmd.code());
            Map<String, String> ext = cmd.extFields();
            if (ext != null) {
                w.writeName("extFields");
                w.writeColon();
                w.startObject();
                for (Map.Entry<String, String> e : ext.entrySet()) {
                    if (e.getKey() == null || e.getValue() == null) {
                        continue;
                    }
                    w.writeName(e.getKey());
                    w.writeColon();
                    w.writeString(e.getValue());
                }
                w.endObject();
            }
            w.writeName("flag");
            w.writeColon();
            w.writeInt32(cmd.flag());
            w.writeName("language");
            w.writeColon();
            w.writeString(cmd.language().name());
            w.writeName("opaque");
            w.writeColon();
            w.writeInt32(cmd.opaque());
            if (cmd.remark() != null) {
                w.writeName("remark");
                w.writeColon();
                w.writeString(cmd.remark());
            }
            w.writeName("serializeTypeCurrentRPC");
            w.writeColon();
            w.writeString("JSON");
            w.writeName("version");
            w.writeColon();
            w.writeInt32(cmd.version());
            w.endObject();
            return w.getBytes();
        }
    }
}
