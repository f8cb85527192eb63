package io.ferrymq.remoting;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything of a {@link RemotingCommand} that travels on the wire, in a form that compares by value (extFields
 * sorted, body as a list of bytes): what the fuzz and property tests compare a decoded command by.
 */
record CanonicalCommand(int code, LanguageCode language, int version, int opaque, int flag, String remark,
                        Map<String, String> extFields, String body, SerializeType type) {

    static CanonicalCommand of(RemotingCommand c) {
        return new CanonicalCommand(c.code(), c.language(), c.version(), c.opaque(), c.flag(), c.remark(),
                c.extFields() == null ? null : new TreeMap<>(c.extFields()),
                c.body() == null || c.body().length == 0 ? null : Arrays.toString(c.body()), c.serializeType());
    }

    /**
     * The command as a frame of {@code type} carries it: the binary header drops an empty remark, an empty
     * extFields map and entries with an empty name or value; both forms drop an empty body.
     */
    CanonicalCommand carriedAs(SerializeType type) {
        if (type == SerializeType.JSON) {
            return new CanonicalCommand(code, language, version, opaque, flag, remark, extFields, body, type);
        }
        Map<String, String> ext = null;
        if (extFields != null) {
            ext = new TreeMap<>(extFields);
            ext.entrySet().removeIf(e -> e.getKey().isEmpty() || e.getValue().isEmpty());
            ext = ext.isEmpty() ? null : ext;
        }
        return new CanonicalCommand(code, language, version, opaque, flag,
                remark == null || remark.isEmpty() ? null : remark, ext, body, type);
    }
}
