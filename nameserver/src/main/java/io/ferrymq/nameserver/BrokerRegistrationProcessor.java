package io.ferrymq.nameserver;

import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.header.BrokerHeartbeatRequestHeader;
import io.ferrymq.remoting.protocol.header.QueryDataVersionRequestHeader;
import io.ferrymq.remoting.protocol.header.QueryDataVersionResponseHeader;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.RegisterBrokerResponseHeader;
import io.ferrymq.remoting.protocol.header.UnregisterBrokerRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Broker-facing requests: REGISTER_BROKER, UNREGISTER_BROKER, QUERY_DATA_VERSION, BROKER_HEARTBEAT (docs/protocol.md
 * 2.3, 5.1). Stateless; all state is in the {@link RouteTable} and {@link KvConfigTable}.
 */
final class BrokerRegistrationProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(BrokerRegistrationProcessor.class);

    /** Count: registrations refused because another live broker holds the name and id (ACL off). */
    static final String FAULT_NAME_TAKEN = "registration.name_taken";

    private final RouteTable routes;
    private final KvConfigTable kv;
    private final BooleanSupplier aclEnabled;
    private final FaultRegistry faults;

    /**
     * @param aclEnabled whether the ACL gate checks requests: then only admin accounts reach REGISTER_BROKER and
     *                   one may take over a live broker's name and id (a broker moved to a new address); without
     *                   ACL such a takeover is refused while the registered broker is alive
     */
    BrokerRegistrationProcessor(RouteTable routes, KvConfigTable kv, BooleanSupplier aclEnabled,
                                FaultRegistry faults) {
        this.routes = routes;
        this.kv = kv;
        this.aclEnabled = aclEnabled;
        this.faults = faults;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(channel, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            case RequestCode.QUERY_DATA_VERSION -> queryDataVersion(request);
            case RequestCode.BROKER_HEARTBEAT -> heartbeat(request);
            default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand register(RemotingChannel channel, RemotingCommand request) throws Exception {
        RegisterBrokerRequestHeader h = request.readHeader(RegisterBrokerRequestHeader::decode);
        byte[] body = request.body();
        if (!RegisterBrokerBody.crcMatches(body, h.bodyCrc32())) {
            log.warn("registration of broker {} ({}) from {} rejected: body crc32 {} does not match header {}",
                    h.brokerName(), h.brokerAddr(), channel.remoteAddress(), RegisterBrokerBody.crc32(body),
                    h.bodyCrc32());
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "crc32 not match");
        }
        RegisterBrokerBody decoded;
        if (body == null || body.length == 0) {
            decoded = new RegisterBrokerBody();
        } else {
            try {
                decoded = RegisterBrokerBody.decode(body, h.compressed());
            } catch (IOException | JsonBodyException e) {
                return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "malformed register-broker body from "
                        + h.brokerName() + " (" + h.brokerAddr() + "): " + e.getMessage());
            }
        }
        RouteTable.Registration registration = new RouteTable.Registration(h.clusterName(),
                h.brokerAddr(), h.brokerName(), h.brokerId(), h.haServerAddr(), h.heartbeatTimeoutMillis(),
                Boolean.TRUE.equals(h.enableActingMaster()), decoded.getTopicConfigSerializeWrapper(), channel);
        RouteTable.RegistrationResult result;
        if (aclEnabled.getAsBoolean()) {
            // the gate admitted it, so an admin account signed it: it may move a live broker to a new address
            result = routes.register(registration);
        } else {
            try {
                result = routes.registerUnlessTaken(registration);
            } catch (RouteTable.NameTaken e) {
                String remark = "[REGISTER_BROKER refused] " + e.getMessage();
                faults.record(FAULT_NAME_TAKEN, remark + " (request from " + channel.remoteAddress() + ")");
                log.warn("registration from {} refused: {}", channel.remoteAddress(), e.getMessage());
                return RemotingCommand.response(ResponseCode.NO_PERMISSION, remark);
            }
        }

        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.writeHeader(new RegisterBrokerResponseHeader().masterAddr(result.masterAddr())
                .haServerAddr(result.haServerAddr()));
        Map<String, String> orderConf = kv.namespace(KvConfigTable.NAMESPACE_ORDER_TOPIC_CONFIG);
        if (orderConf != null) {
            response.body(Json.toBytes(new KVTable(orderConf)));
        }
        return response;
    }

    private RemotingCommand unregister(RemotingCommand request) throws Exception {
        UnregisterBrokerRequestHeader h = request.readHeader(UnregisterBrokerRequestHeader::decode);
        routes.unregister(h.clusterName(), h.brokerAddr(), h.brokerName(), h.brokerId());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private RemotingCommand queryDataVersion(RemotingCommand request) throws Exception {
        QueryDataVersionRequestHeader h = request.readHeader(QueryDataVersionRequestHeader::decode);
        DataVersion theirs = Json.parse(request.body(), DataVersion.class);
        DataVersion ours = routes.dataVersionOf(h.clusterName(), h.brokerAddr());
        boolean changed = theirs == null || !Objects.equals(theirs, ours);
        if (!changed) {
            routes.touch(h.clusterName(), h.brokerAddr());
        }
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.writeHeader(new QueryDataVersionResponseHeader().changed(changed));
        if (ours != null) {
            response.body(Json.toBytes(ours));
        }
        return response;
    }

    private RemotingCommand heartbeat(RemotingCommand request) throws Exception {
        BrokerHeartbeatRequestHeader h = request.readHeader(BrokerHeartbeatRequestHeader::decode);
        routes.touch(h.clusterName(), h.brokerAddr());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }
}
