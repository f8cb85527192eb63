package io.ferrymq.remoting.protocol.body;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferrymq.remoting.protocol.JsonBodyException;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzz target for the name server's REGISTER_BROKER body decoder. The first input byte chooses the encoding (bit 0:
 * the deprecated zlib-compressed form, else plain JSON); the rest is the body. Oracle: a body, or the declared
 * IOException / JsonBodyException (the name server answers SYSTEM_ERROR naming the malformed body); nothing else
 * escapes, nothing runs out of memory (a compressed body is a zlib stream a stranger chooses) or stack. (It lives in
 * remoting, not in the name server, because jazzer-junit on the name server's test classpath made its official-client
 * compatibility test time out; cause not yet known.)
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/remoting/protocol/body/RegistrationBodyFuzzTestInputs/registerBroker/}.
 */
class RegistrationBodyFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void registerBroker(byte[] input) {
        boolean compressed = input.length > 0 && (input[0] & 1) == 1;
        byte[] body = input.length == 0 ? new byte[0] : Arrays.copyOfRange(input, 1, input.length);
        try {
            RegisterBrokerBody b = RegisterBrokerBody.decode(body, compressed);
            if (!compressed) {
                assertNotNull(b.getTopicConfigSerializeWrapper());
            }
        } catch (IOException | JsonBodyException declared) {
            // the name server answers SYSTEM_ERROR "malformed register-broker body ..."
        }
    }
}
