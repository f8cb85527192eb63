package io.ferrymq.broker.transaction;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37): hands the producer's decision to the {@link TransactionCoordinator} and answers when it
 * is applied. The official client sends it oneway, so a refusal cannot reach it: it is logged and counted as
 * fault {@code transaction.end_refused} (the half message stays undecided and is checked back later). Runs on
 * the send executor; never blocks it.
 */
public final class EndTransactionProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final BrokerConfig config;
    private final TransactionCoordinator coordinator;
    private final FaultRegistry faults;

    public EndTransactionProcessor(BrokerConfig config, TransactionCoordinator coordinator, FaultRegistry faults) {
        this.config = config;
        this.coordinator = coordinator;
        this.faults = faults;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        EndTransactionHeader h = request.readHeader(EndTransactionHeader::decode);
        if (!config.brokerRole().isMaster()) {
            return refuse(channel, request, ResponseCode.SLAVE_NOT_AVAILABLE, "broker " + config.brokerName()
                    + " is a SLAVE and does not end transactions; send END_TRANSACTION to the master");
        }
        coordinator.decide(h).thenAccept(rejection -> {
            if (rejection != null) {
                refuse(channel, request, rejection.code(), rejection.remark());
            } else if (!request.isOneway()) {
                channel.reply(request, RemotingCommand.response(ResponseCode.SUCCESS, null));
            }
        });
        return null;
    }

    private RemotingCommand refuse(RemotingChannel channel, RemotingCommand request, int code, String remark) {
        log.warn("END_TRANSACTION from {} refused: {}", channel.remoteAddress(), remark);
        faults.record("transaction.end_refused", remark);
        RemotingCommand resp = RemotingCommand.response(code, remark);
        if (!request.isOneway()) {
            channel.reply(request, resp);
        }
        return null;
    }
}
