package io.ferrymq.nameserver;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.AclSignature;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.header.DeleteKVConfigRequestHeader;
import io.ferrymq.remoting.protocol.header.GetKVConfigRequestHeader;
import io.ferrymq.remoting.protocol.header.GetKVConfigResponseHeader;
import io.ferrymq.remoting.protocol.header.GetKVListByNamespaceRequestHeader;
import io.ferrymq.remoting.protocol.header.PutKVConfigRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** KV config (PUT/GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE) and GET/UPDATE_NAMESRV_CONFIG. */
final class ConfigProcessor implements RequestProcessor {
    private static final Logger audit = LoggerFactory.getLogger(AccessGate.AUDIT_LOGGER);

    private final KvConfigTable kv;
    private final NameServerConfig config;

    ConfigProcessor(KvConfigTable kv, NameServerConfig config) {
        this.kv = kv;
        this.config = config;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                PutKVConfigRequestHeader h = request.readHeader(PutKVConfigRequestHeader::decode);
                kv.put(h.namespace(), h.key(), h.value());
                audit.info("KV config put by {} account {}: {} / {} = {}", channel.remoteAddress(), accountOf(request),
                        h.namespace(), h.key(), h.value());
                return ok();
            }
            case RequestCode.GET_KV_CONFIG -> {
                GetKVConfigRequestHeader h = request.readHeader(GetKVConfigRequestHeader::decode);
                String value = kv.get(h.namespace(), h.key());
                if (value == null) {
                    return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND,
                            "No config item, Namespace: " + h.namespace() + " Key: " + h.key());
                }
                return ok().writeHeader(new GetKVConfigResponseHeader().value(value));
            }
            case RequestCode.DELETE_KV_CONFIG -> {
                DeleteKVConfigRequestHeader h = request.readHeader(DeleteKVConfigRequestHeader::decode);
                kv.delete(h.namespace(), h.key());
                audit.info("KV config deleted by {} account {}: {} / {}", channel.remoteAddress(), accountOf(request),
                        h.namespace(), h.key());
                return ok();
            }
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> {
                String ns = request.readHeader(GetKVListByNamespaceRequestHeader::decode).namespace();
                Map<String, String> table = kv.namespace(ns);
                if (table == null) {
                    return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + ns);
                }
                return ok().body(Json.toBytes(new KVTable(table)));
            }
            case RequestCode.GET_NAMESRV_CONFIG -> {
                return ok().body(config.toPropertiesText().getBytes(StandardCharsets.UTF_8));
            }
            case RequestCode.UPDATE_NAMESRV_CONFIG -> {
                byte[] body = request.body();
                if (body == null || body.length == 0) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                            "UPDATE_NAMESRV_CONFIG needs a properties body (key=value lines)");
                }
                String text = new String(body, StandardCharsets.UTF_8);
                try {
                    config.applyRuntimeUpdate(text);
                } catch (IllegalArgumentException e) {
                    boolean refused = e.getMessage() != null && e.getMessage().contains("cannot be changed at run time");
                    audit.warn("name server config update from {} account {} refused: {}", channel.remoteAddress(),
                            accountOf(request), e.getMessage());
                    return RemotingCommand.response(refused ? ResponseCode.NO_PERMISSION
                            : ResponseCode.INVALID_PARAMETER, "UPDATE_NAMESRV_CONFIG refused, nothing changed: "
                            + e.getMessage());
                }
                audit.info("name server config updated by {} account {}: {}", channel.remoteAddress(),
                        accountOf(request), text.trim().replace('\n', ' '));
                return ok();
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        " request type " + request.code() + " not supported");
            }
        }
    }

    private static RemotingCommand ok() {
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private static String accountOf(RemotingCommand request) {
        String ak = request.extFields() == null ? null : request.extFields().get(AclSignature.ACCESS_KEY);
        return ak == null ? "-" : ak;
    }
}
