package io.ferrymq.remoting;

import java.util.Map;

/**
 * A typed request or response header. Implementations write their non-null fields as strings under the
 * Java field names RocketMQ uses (e.g. {@code consumerGroup}, {@code clientID}); decoding is done by a
 * {@link HeaderDecoder}, usually a static {@code decode(ExtFields)} method of the same class.
 *
 * <p>Codecs are handwritten: no reflection per message.
 */
@FunctionalInterface
public interface CommandHeader {
    void writeTo(Map<String, String> extFields);
}
