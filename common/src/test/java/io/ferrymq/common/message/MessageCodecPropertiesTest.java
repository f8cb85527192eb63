package io.ferrymq.common.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Encode then decode is the identity for every message layout a peer sends or the store keeps: stored messages
 * (IPv4 and IPv6 hosts, V1 and V2 topic lengths), SEND_BATCH_MESSAGE bodies and properties strings.
 */
class MessageCodecPropertiesTest {

    /** Topics as the store accepts them (RocketMQ's charset); over 127 bytes they need the V2 magic. */
    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('_', '-', '%', '|').ofMinLength(1).ofMaxLength(300);
    }

    /** Property names and values: any text without the two separators, never empty (empty ones are dropped). */
    @Provide
    Arbitrary<Map<String, String>> properties() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '\uD7FF').withCharRange('\u0003', '\u001F')
                .ofMinLength(1).ofMaxLength(40);
        return Arbitraries.maps(text, text).ofMaxSize(8);
    }

    @Provide
    Arbitrary<InetSocketAddress> hosts() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16)
                .filter(a -> a[0] != 0 || a[1] != 0); // not an IPv4-mapped or compatible address
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 65535);
        return Combinators.combine(Arbitraries.oneOf(v4, v6), ports).as((a, p) -> {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(a), p);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Property(tries = 100)
    void storedMessageEncodeThenDecodeIsIdentity(@ForAll("topics") String topic,
                                                 @ForAll("properties") Map<String, String> props,
                                                 @ForAll byte[] body, @ForAll int queueId, @ForAll int flag,
                                                 @ForAll("hosts") InetSocketAddress born,
                                                 @ForAll("hosts") InetSocketAddress store,
                                                 @ForAll long bornTs, @ForAll long storeTs, @ForAll long queueOffset,
                                                 @ForAll long physicalOffset, @ForAll int reconsumeTimes,
                                                 @ForAll long txOffset) {
        PreparedMessage m = PreparedMessage.builder().topic(topic).queueId(queueId).flag(flag).body(body)
                .properties(MessageProperties.encode(props)).bornTimestamp(bornTs).bornHost(born).storeHost(store)
                .reconsumeTimes(reconsumeTimes).preparedTransactionOffset(txOffset).build();
        byte[] bytes = MessageEncoder.encode(m, queueOffset, physicalOffset, storeTs);
        assertEquals(bytes.length, MessageDecoder.check(ByteBuffer.wrap(bytes), 0, bytes.length, true));
        DecodedMessage d = MessageDecoder.decode(ByteBuffer.wrap(bytes));
        assertEquals(topic, d.topic());
        assertEquals(queueId, d.queueId());
        assertEquals(flag, d.flag());
        assertArrayEquals(body, d.body());
        assertEquals(props, d.properties());
        assertEquals(born, d.bornHost());
        assertEquals(store, d.storeHost());
        assertEquals(bornTs, d.bornTimestamp());
        assertEquals(storeTs, d.storeTimestamp());
        assertEquals(queueOffset, d.queueOffset());
        assertEquals(physicalOffset, d.commitLogOffset());
        assertEquals(reconsumeTimes, d.reconsumeTimes());
        assertEquals(txOffset, d.preparedTransactionOffset());
        assertEquals(bytes.length, d.storeSize());
    }

    @Property(tries = 100)
    void batchEncodeThenDecodeIsIdentity(@ForAll("records") List<BatchCodec.BatchRecord> records) {
        List<BatchCodec.BatchRecord> decoded = BatchCodec.decode(ByteBuffer.wrap(BatchCodec.encode(records)));
        assertEquals(records.size(), decoded.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(records.get(i).flag(), decoded.get(i).flag());
            assertArrayEquals(records.get(i).bodyBytes(), decoded.get(i).bodyBytes());
            assertEquals(records.get(i).properties(), decoded.get(i).properties());
        }
    }

    @Provide
    Arbitrary<List<BatchCodec.BatchRecord>> records() {
        Arbitrary<BatchCodec.BatchRecord> one = Combinators.combine(Arbitraries.integers(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300), properties())
                .as((flag, body, props) -> BatchCodec.BatchRecord.of(flag, body, MessageProperties.encode(props)));
        return one.list().ofMaxSize(20).map(ArrayList::new);
    }

    @Property(tries = 100)
    void propertiesEncodeThenDecodeIsIdentity(@ForAll("properties") Map<String, String> props) {
        String encoded = MessageProperties.encode(props);
        assertEquals(props, MessageProperties.decode(encoded));
        props.forEach((k, v) -> assertEquals(v, MessageProperties.get(encoded, k)));
    }
}
