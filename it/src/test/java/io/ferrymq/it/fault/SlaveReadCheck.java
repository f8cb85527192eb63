package io.ferrymq.it.fault;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.it.ha.ProcessCluster.BrokerNode;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.nio.ByteBuffer;

/**
 * "Every SEND_OK is later readable from the slave": for each acknowledged send of the history, asks the slave of its
 * group for the message at the send's commit-log offset (VIEW_MESSAGE_BY_ID; replication keeps master and slave
 * byte-identical at the same offsets) and records in the history every one it cannot return or that holds another
 * message.
 */
final class SlaveReadCheck {
    private SlaveReadCheck() {
    }

    /** Checks every acknowledged send to a group whose commit-log offset is known; returns how many were read. */
    static int run(FaultCluster cluster, History history) {
        int read = 0;
        for (SendRecord s : history.sends()) {
            if (s.outcome() != Outcome.OK || s.commitLogOffset() < 0) {
                continue;
            }
            BrokerNode slave = cluster.slave(Queues.brokerName(s.queue()));
            String problem = problem(cluster, slave, s);
            if (problem == null) {
                read++;
            } else {
                history.notOnSlave(s.id() + " at commit-log offset " + s.commitLogOffset() + " of " + slave.jvm.name()
                        + ": " + problem);
            }
        }
        return read;
    }

    private static String problem(FaultCluster cluster, BrokerNode slave, SendRecord s) {
        try {
            RemotingCommand resp = cluster.cluster.admin.invokeSync(slave.address(),
                    RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                            .putExt("offset", Long.toString(s.commitLogOffset())), 5000);
            if (resp.code() != ResponseCode.SUCCESS || resp.body() == null) {
                return "answered " + resp.code() + " " + resp.remark();
            }
            DecodedMessage m = MessageDecoder.decode(ByteBuffer.wrap(resp.body()));
            return s.id().equals(m.keys()) ? null : "holds " + m.keys() + " instead";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
