package io.ferrymq.remoting;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import io.ferrymq.remoting.protocol.JsonComments;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The general JSON header reader: fastjson2's streaming reader, field by field, behind a pre-scan for comments.
 * It reads every header any peer may send (unknown keys skipped; extFields values that arrive as numbers or
 * booleans kept as their string form, as the official client does; fastjson2's leniencies such as single quotes
 * or missing commas) and turns everything else into a {@link FrameFormatException}.
 *
 * <p>This class defines what a JSON header means: any faster reader put in front of it must answer exactly as
 * this one does, and can hand it whatever it does not fully understand.
 */
final class FastjsonHeaderDecoder {
    private FastjsonHeaderDecoder() {
    }

    static RemotingCommand decode(byte[] bytes) {
        int comment = JsonComments.find(bytes, 0, bytes.length);
        if (comment >= 0) {
            // fastjson2 may never return from a comment inside an array: this would pin an I/O thread for good
            throw new FrameFormatException("invalid JSON header: " + JsonComments.describe(comment));
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
