package io.ferrymq.console.api;

import io.ferrymq.client.ReceivedMessage;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A message as the API shows it: ids, position, times, hosts, properties, and the body as text and hex up to a bound. */
final class MessageView {
    private MessageView() {
    }

    static Map<String, Object> of(ReceivedMessage m, int maxBody) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("msgId", m.msgId());
        v.put("offsetMsgId", m.offsetMsgId());
        v.put("topic", m.topic());
        v.put("broker", m.brokerName());
        v.put("queueId", m.queueId());
        v.put("queueOffset", m.queueOffset());
        v.put("commitLogOffset", m.commitLogOffset());
        v.put("tags", m.tags());
        v.put("keys", m.keys());
        v.put("bornTime", m.bornTimestamp());
        v.put("bornHost", host(m.bornHost()));
        v.put("storeTime", m.storeTimestamp());
        v.put("storeHost", host(m.storeHost()));
        v.put("reconsumeTimes", m.reconsumeTimes());
        v.put("properties", m.properties());
        byte[] body = m.body() == null ? new byte[0] : m.body();
        byte[] shown = body.length > maxBody ? Arrays.copyOf(body, maxBody) : body;
        v.put("bodySize", body.length);
        v.put("bodyTruncated", body.length > maxBody);
        v.put("bodyText", text(shown));
        v.put("bodyHex", HexFormat.of().formatHex(shown));
        return v;
    }

    private static String host(InetSocketAddress a) {
        return a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The body as UTF-8 text, or null when it is not valid UTF-8 (then only hex is meaningful). */
    private static String text(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
