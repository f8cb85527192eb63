package io.ferrymq.benchmark;

import io.ferrymq.remoting.FrameCodec;
import io.ferrymq.remoting.RemotingCommand;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's decode of one SEND_MESSAGE_V2 frame as the official 5.3.3 client writes it (JSON header, a
 * properties value with its escaped separators, a 1 KiB body): the I/O thread's first step for every send, about a
 * tenth of the broker's CPU in row 1c of docs/benchmarks.md. One operation is one frame, from bytes to a
 * {@link RemotingCommand} with its ext fields.
 *
 * <pre>
 * java -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" org.openjdk.jmh.Main HeaderDecodeBench
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HeaderDecodeBench {
    private byte[] frame;

    @Setup
    public void officialClientFrame() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "7F0000010B6818B4AAC27E5C6A4D0000");
        props.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "true");
        props.put(MessageConst.PROPERTY_TAGS, "TagA");
        props.put(MessageConst.PROPERTY_KEYS, "order-20261203-000042");
        SendMessageRequestHeader h = new SendMessageRequestHeader();
        h.setProducerGroup("bench-producer-group");
        h.setTopic("BenchTopic");
        h.setDefaultTopic("TBW102");
        h.setDefaultTopicQueueNums(4);
        h.setQueueId(3);
        h.setSysFlag(0);
        h.setBornTimestamp(1_764_720_000_000L);
        h.setFlag(0);
        h.setProperties(MessageDecoder.messageProperties2String(props));
        h.setReconsumeTimes(0);
        h.setUnitMode(false);
        h.setBatch(false);
        h.setBrokerName("broker-a");
        org.apache.rocketmq.remoting.protocol.RemotingCommand cmd =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE_V2,
                        SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2(h));
        byte[] body = new byte[1024];
        ByteBuffer header = cmd.encodeHeader(body.length);
        header.getInt(); // the length field: FrameCodec.decode takes the frame after it
        frame = new byte[header.remaining() + body.length];
        header.get(frame, 0, header.remaining());
        System.arraycopy(body, 0, frame, frame.length - body.length, body.length);
        RemotingCommand decoded = decodeSendV2();
        if (decoded.extFields().get("i") == null || !decoded.extFields().get("i").contains("TagA")) {
            throw new IllegalStateException("the frame did not decode to its properties: " + decoded.extFields());
        }
    }

    @Benchmark
    public RemotingCommand decodeSendV2() {
        return FrameCodec.decode(Unpooled.wrappedBuffer(frame));
    }
}
