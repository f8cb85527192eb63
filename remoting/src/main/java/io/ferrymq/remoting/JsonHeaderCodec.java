package io.ferrymq.remoting;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON header (serialize type JSON), written and read field by field with fastjson2's streaming API: no
 * reflection and no intermediate object per frame. Unknown keys are ignored; extFields values that arrive as
 * numbers or booleans are kept as their string form, as the official client does.
 */
final class JsonHeaderCodec {
    private JsonHeaderCodec() {
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

    static RemotingCommand decode(byte[] bytes) {
        int comment = io.ferrymq.remoting.protocol.JsonComments.find(bytes, 0, bytes.length);
        if (comment >= 0) {
            // fastjson2 may never return from a comment inside an array: this would pin an I/O thread for good
            throw new FrameFormatException("invalid JSON header: " + io.ferrymq.remoting.protocol.JsonComments.describe(comment));
        }
        RemotingCommand cmd = new RemotingCommand();
        try (JSONReader r = JSONReader.of(bytes, 0, bytes.length, StandardCharsets.UTF_8)) {
            if (!r.nextIfObjectStart()) {
                throw new FrameFormatException("JSON header is not a JSON object");
            }
            while (!r.nextIfObjectEnd()) {
                if (r.isEnd()) {
                    throw new FrameFormatException("JSON header ends inside its object");
                }
                String name = r.readFieldName();
                if (name == null) {
                    throw new FrameFormatException("JSON header has a malformed field name");
                }
                switch (name) {
                    case "code" -> cmd.code(readInt(r, name));
                    case "opaque" -> cmd.opaque(readInt(r, name));
                    case "flag" -> cmd.flag(readInt(r, name));
                    case "version" -> cmd.version(readInt(r, name));
                    case "language" -> {
                        Object v = r.readAny();
                        cmd.language(LanguageCode.parse(v == null ? null : v.toString()));
                    }
                    case "remark" -> {
                        Object v = r.readAny();
                        cmd.remark(v == null ? null : v.toString());
                    }
                    case "extFields" -> cmd.extFields(readExtFields(r));
                    default -> r.skipValue();
                }
            }
        } catch (JSONException e) {
            throw new FrameFormatException("invalid JSON header: " + e.getMessage(), e);
        } catch (FrameFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // fastjson2 2.0.53 throws index errors on some malformed input (found by fuzzing): still a bad header
            throw new FrameFormatException("invalid JSON header: " + e, e);
        }
        return cmd;
    }

    private static int readInt(JSONReader r, String name) {
        Object v = r.readAny();
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new FrameFormatException("JSON header field '" + name + "' is not an integer: " + s);
            }
        }
        if (v == null) {
            return 0;
        }
        throw new FrameFormatException("JSON header field '" + name + "' is not an integer");
    }

    private static Map<String, String> readExtFields(JSONReader r) {
        if (r.nextIfNull()) {
            return null;
        }
        if (!r.nextIfObjectStart()) {
            throw new FrameFormatException("JSON header field 'extFields' is not an object");
        }
        Map<String, String> ext = new HashMap<>();
        while (!r.nextIfObjectEnd()) {
            if (r.isEnd()) {
                throw new FrameFormatException("JSON header ends inside extFields");
            }
            String key = r.readFieldName();
            Object v = r.readAny();
            if (key != null && v != null) {
                ext.put(key, v.toString());
            }
        }
        return ext;
    }
}
