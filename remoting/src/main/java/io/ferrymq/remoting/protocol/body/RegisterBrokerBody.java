package io.ferrymq.remoting.protocol.body;

import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.JsonBodyException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * REGISTER_BROKER body (docs/protocol.md 4.4): the broker's topic configs and (always empty) filter server list.
 *
 * <p>Two encodings, chosen by the request header's {@code compressed} flag:
 * <ul>
 *   <li>plain: the JSON of this object ({@link Json#toBytes});</li>
 *   <li>compressed (deprecated, brokers send plain by default): a zlib stream of big-endian sections
 * <pre>
 *   int len + DataVersion JSON
 *   int topicCount, then per topic: int len + TopicConfig compact line
 *       ("name readQ writeQ perm filterType {attributesJson}", see {@link TopicConfig#toCompactLine()})
 *   int len + filterServerList JSON array
 *   [5.x brokers] int mappingCount, then per mapping: int len + TopicQueueMappingInfo JSON
 * </pre></li>
 * </ul>
 * The request header's {@code bodyCrc32} is {@link #crc32} of the bytes as sent (0 = not checked).
 */
public class RegisterBrokerBody {
    /** Upper bound of one section inside a compressed body; anything larger is treated as corruption. */
    private static final int MAX_SECTION_BYTES = 64 << 20;
    /**
     * Upper bound of a whole compressed body once inflated: a stranger's zlib stream may claim any lengths, so what
     * it inflates to is bounded (a million topics take about 40 MiB), not only each section.
     */
    static final int MAX_INFLATED_BYTES = 64 << 20;

    private TopicConfigSerializeWrapper topicConfigSerializeWrapper = new TopicConfigSerializeWrapper();
    private List<String> filterServerList = new ArrayList<>();

    public RegisterBrokerBody() {
    }

    public RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper) {
        this.topicConfigSerializeWrapper = topicConfigSerializeWrapper;
    }

    /** CRC32 of {@code body} masked to a non-negative int, as RocketMQ computes {@code bodyCrc32}. */
    public static int crc32(byte[] body) {
        if (body == null || body.length == 0) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** True when {@code expectedCrc32} is absent/0 (not checked) or equals {@link #crc32} of {@code body}. */
    public static boolean crcMatches(byte[] body, Integer expectedCrc32) {
        return expectedCrc32 == null || expectedCrc32 == 0 || crc32(body) == expectedCrc32;
    }

    /** The body in the plain (JSON) or the compressed encoding. */
    public byte[] encode(boolean compress) {
        if (!compress) {
            return Json.toBytes(this);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
            writeSection(out, Json.toBytes(topicConfigSerializeWrapper.getDataVersion()));
            Map<String, TopicConfig> table = topicConfigSerializeWrapper.getTopicConfigTable();
            out.writeInt(table.size());
            for (TopicConfig tc : table.values()) {
                writeSection(out, tc.toCompactLine().getBytes(StandardCharsets.UTF_8));
            }
            writeSection(out, Json.toBytes(filterServerList == null ? List.of() : filterServerList));
            Map<String, Object> mappings = topicConfigSerializeWrapper.getTopicQueueMappingInfoMap();
            out.writeInt(mappings == null ? 0 : mappings.size());
            if (mappings != null) {
                for (Object info : mappings.values()) {
                    writeSection(out, Json.toBytes(info));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot compress a register-broker body in memory", e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes either encoding.
     *
     * @throws IOException when a compressed body is truncated or corrupt (the message says where)
     * @throws JsonBodyException when a JSON part is malformed
     */
    public static RegisterBrokerBody decode(byte[] body, boolean compressed) throws IOException {
        if (!compressed) {
            RegisterBrokerBody b = Json.parse(body, RegisterBrokerBody.class);
            return b == null ? new RegisterBrokerBody() : b.normalized();
        }
        if (body == null || body.length == 0) {
            throw new IOException("compressed register-broker body is empty");
        }
        RegisterBrokerBody result = new RegisterBrokerBody();
        TopicConfigSerializeWrapper wrapper = result.topicConfigSerializeWrapper;
        try (DataInputStream in = new DataInputStream(new BoundedInput(
                new InflaterInputStream(new ByteArrayInputStream(body)), MAX_INFLATED_BYTES))) {
            DataVersion version = Json.parse(readSection(in, "dataVersion"), DataVersion.class);
            wrapper.setDataVersion(version == null ? new DataVersion() : version);
            int topics = in.readInt();
            if (topics < 0) {
                throw new IOException("compressed register-broker body has a negative topic count " + topics);
            }
            for (int i = 0; i < topics; i++) {
                String line = new String(readSection(in, "topic config #" + i), StandardCharsets.UTF_8);
                TopicConfig tc;
                try {
                    tc = TopicConfig.parseCompactLine(line);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                wrapper.getTopicConfigTable().put(tc.getTopicName(), tc);
            }
            List<String> filters = Json.parseList(readSection(in, "filterServerList"), String.class);
            result.filterServerList = filters == null ? new ArrayList<>() : new ArrayList<>(filters);
            int mappings = readOptionalInt(in);
            for (int i = 0; i < mappings; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> info = Json.parse(readSection(in, "topic queue mapping #" + i), HashMap.class);
                if (info != null && info.get("topic") != null) {
                    wrapper.getTopicQueueMappingInfoMap().put(String.valueOf(info.get("topic")), info);
                }
            }
        } catch (EOFException e) {
            throw new IOException("compressed register-broker body is truncated", e);
        }
        return result;
    }

    private RegisterBrokerBody normalized() {
        if (topicConfigSerializeWrapper == null) {
            topicConfigSerializeWrapper = new TopicConfigSerializeWrapper();
        }
        if (topicConfigSerializeWrapper.getTopicConfigTable() == null) {
            topicConfigSerializeWrapper.setTopicConfigTable(new HashMap<>());
        }
        if (topicConfigSerializeWrapper.getDataVersion() == null) {
            topicConfigSerializeWrapper.setDataVersion(new DataVersion());
        }
        if (filterServerList == null) {
            filterServerList = new ArrayList<>();
        }
        return this;
    }

    private static void writeSection(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readSection(DataInputStream in, String what) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_SECTION_BYTES) {
            throw new IOException("compressed register-broker body: " + what + " has invalid length " + len);
        }
        // readNBytes grows its buffer as bytes arrive: a claimed length is never allocated up front
        byte[] bytes = in.readNBytes(len);
        if (bytes.length < len) {
            throw new EOFException(what + " claims " + len + " bytes but the body ends after " + bytes.length);
        }
        return bytes;
    }

    /** Fails once more than {@code limit} bytes were read: the inflated size of a compressed body is bounded. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        private void count(long n) throws IOException {
            if (n > 0 && (read += n) > limit) {
                throw new IOException("compressed register-broker body inflates to more than " + limit + " bytes");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count(s);
            return s;
        }
    }

    /** Reads an int, or 0 if the stream ends first (bodies of 4.x brokers lack the mapping section). */
    private static int readOptionalInt(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return 0;
        }
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        if ((b1 | b2 | b3) < 0) {
            throw new EOFException();
        }
        int n = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
        if (n < 0) {
            throw new IOException("compressed register-broker body has a negative mapping count " + n);
        }
        return n;
    }

    public TopicConfigSerializeWrapper getTopicConfigSerializeWrapper() {
        return topicConfigSerializeWrapper;
    }

    public void setTopicConfigSerializeWrapper(TopicConfigSerializeWrapper topicConfigSerializeWrapper) {
        this.topicConfigSerializeWrapper = topicConfigSerializeWrapper;
    }

    public List<String> getFilterServerList() {
        return filterServerList;
    }

    public void setFilterServerList(List<String> filterServerList) {
        this.filterServerList = filterServerList;
    }

    @Override
    public String toString() {
        return "RegisterBrokerBody{" + topicConfigSerializeWrapper + ", filterServerList=" + filterServerList + '}';
    }
}
