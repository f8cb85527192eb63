package io.ferrymq.broker.ha;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.HARuntimeInfo;

import java.util.function.Supplier;

/**
 * GET_BROKER_HA_STATUS (907, {@code mqadmin haStatus}): the replication view of this broker in RocketMQ's
 * HARuntimeInfo body. Runs on the admin executor; reads only volatile figures of the replication components.
 */
public final class HaStatusProcessor implements RequestProcessor {
    private final Supplier<HARuntimeInfo> status;

    public HaStatusProcessor(Supplier<HARuntimeInfo> status) {
        this.status = status;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(status.get()));
    }
}
