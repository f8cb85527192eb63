package io.ferrymq.broker.ha;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.ha.ReplicaAck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncAckTest {
    private static RemotingCommand stored() {
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("msgId", "7F00000100002A9F0000000000000000")
                .putExt("queueId", "3").putExt("queueOffset", "42").putExt("MSG_REGION", "DefaultRegion")
                .putExt("TRACE_ON", "true");
    }

    @Test
    void eachOutcomeHasItsWireCode() {
        assertEquals(ResponseCode.SUCCESS, SyncAck.responseCode(ReplicaAck.OK));
        assertEquals(12, SyncAck.responseCode(ReplicaAck.TIMEOUT));
        assertEquals(ResponseCode.FLUSH_SLAVE_TIMEOUT, SyncAck.responseCode(ReplicaAck.TIMEOUT));
        assertEquals(11, SyncAck.responseCode(ReplicaAck.NO_SLAVE));
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, SyncAck.responseCode(ReplicaAck.NO_SLAVE));
    }

    @Test
    void okKeepsTheSuccessResponse() {
        RemotingCommand r = SyncAck.apply(ReplicaAck.OK, stored(), "broker-a", 1, 3000);
        assertEquals(ResponseCode.SUCCESS, r.code());
        assertNull(r.remark());
        assertEquals("42", r.extFields().get("queueOffset"));
    }

    @Test
    void failuresKeepTheSendHeaderTheClientNeeds() {
        for (ReplicaAck ack : new ReplicaAck[] {ReplicaAck.TIMEOUT, ReplicaAck.NO_SLAVE}) {
            RemotingCommand r = SyncAck.apply(ack, stored(), "broker-a", 1, 3000);
            assertEquals(SyncAck.responseCode(ack), r.code());
            assertTrue(r.remark().contains("broker-a"), r.remark());
            for (String k : new String[] {"msgId", "queueId", "queueOffset", "MSG_REGION", "TRACE_ON"}) {
                assertTrue(r.extFields().containsKey(k), k + " missing for " + ack);
            }
        }
    }

    @Test
    void aFailedWaitIsNeverSuccess() {
        RemotingCommand r = SyncAck.apply(null, stored(), "broker-a", 1, 3000);
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, r.code());
    }
}
