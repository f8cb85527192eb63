package io.ferrymq.broker.admin;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.RuntimeChanges;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.AclSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.Properties;

/**
 * GET_BROKER_CONFIG and UPDATE_BROKER_CONFIG: the broker's settings as properties text ({@code key=value} lines,
 * secrets masked). Updates accept only the settings that can change at run time ({@link BrokerConfig#update});
 * any other key refuses the whole update with NO_PERMISSION and a remark naming it. Every update, applied or
 * refused, is logged with the caller's address and account. Updates are not written back to the config file.
 */
public final class BrokerConfigProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(AccessGate.AUDIT_LOGGER);
    private final BrokerConfig config;
    private final Runnable onPermissionChange;

    /** @param onPermissionChange run when brokerPermission changes (re-registers the routes at once) */
    public BrokerConfigProcessor(BrokerConfig config, Runnable onPermissionChange) {
        this.config = config;
        this.onPermissionChange = onPermissionChange;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        if (request.code() == RequestCode.GET_BROKER_CONFIG) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : config.asMap().entrySet()) {
                sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
            return RemotingCommand.response(ResponseCode.SUCCESS, null)
                    .body(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "malformed properties body: " + e);
        }
        String refused = RuntimeChanges.refusedAtRunTime(p);
        if (refused != null) {
            log.warn("broker config update from {} account {} refused: {}", channel.remoteAddress(),
                    accountOf(request), refused);
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "UPDATE_BROKER_CONFIG refused, nothing "
                    + "changed: " + refused);
        }
        try {
            int permBefore = config.brokerPermission();
            config.update(p);
            if (config.brokerPermission() != permBefore) {
                onPermissionChange.run();
            }
            log.info("broker config updated by {} account {}: {}", channel.remoteAddress(), accountOf(request), p);
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        } catch (IllegalArgumentException e) {
            log.warn("broker config update from {} account {} has a bad value: {}", channel.remoteAddress(),
                    accountOf(request), e.getMessage());
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "UPDATE_BROKER_CONFIG: nothing "
                    + "changed: " + e.getMessage());
        }
    }

    private static String accountOf(RemotingCommand request) {
        String ak = request.extFields() == null ? null : request.extFields().get(AclSignature.ACCESS_KEY);
        return ak == null ? "-" : ak;
    }
}
