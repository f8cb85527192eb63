package io.ferrymq.nameserver;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferrymq.common.ManualClock;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the name server's REGISTER_BROKER body, through the processor that serves it. The first input
 * byte chooses the encoding (bit 0: the deprecated zlib-compressed form, else plain JSON); the rest is the body.
 * Oracle: the answer is SUCCESS, or SYSTEM_ERROR naming the malformed body; no exception escapes the processor,
 * nothing runs out of memory (a compressed body is a zlib stream a stranger chooses) or stack.
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/nameserver/RegistrationBodyFuzzTestInputs/registerBroker/}.
 */
class RegistrationBodyFuzzTest {
    private final RouteTable routes = new RouteTable(new ManualClock(1_700_000_000_000L), () -> 120_000);
    private final BrokerRegistrationProcessor processor = new BrokerRegistrationProcessor(routes, new KvConfigTable());

    @FuzzTest(maxDuration = "5m")
    void registerBroker(byte[] input) throws Exception {
        boolean compressed = input.length > 0 && (input[0] & 1) == 1;
        byte[] body = input.length == 0 ? new byte[0] : Arrays.copyOfRange(input, 1, input.length);
        RemotingCommand req = RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .putExt("brokerName", "broker-fuzz").putExt("brokerAddr", "127.0.0.1:10911")
                .putExt("clusterName", "FuzzCluster").putExt("haServerAddr", "127.0.0.1:10912")
                .putExt("brokerId", "0").putExt("compressed", Boolean.toString(compressed))
                .body(body);
        RemotingCommand resp = processor.process(RemotingChannel.detached(new EmbeddedChannel()), req);
        assertNotNull(resp);
        assertTrue(resp.code() == ResponseCode.SUCCESS
                || resp.code() == ResponseCode.SYSTEM_ERROR && resp.remark().contains("malformed register-broker body"),
                "unexpected answer " + resp.code() + " " + resp.remark());
    }
}
