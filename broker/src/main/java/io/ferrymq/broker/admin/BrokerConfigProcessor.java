package io.ferrymq.broker.admin;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * GET_BROKER_CONFIG and UPDATE_BROKER_CONFIG: the broker's settings as properties text ({@code key=value} lines).
 * Updates are validated as a whole (an unknown key or bad value changes nothing and names the key); settings that
 * only take effect after a restart are named in the remark. Updates are not written back to the config file.
 */
public final class BrokerConfigProcessor implements RequestProcessor {
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
        try {
            int permBefore = config.brokerPermission();
            List<String> restart = config.update(p);
            if (config.brokerPermission() != permBefore) {
                onPermissionChange.run();
            }
            return RemotingCommand.response(ResponseCode.SUCCESS,
                    restart.isEmpty() ? null : "applied; these take effect after a restart: " + restart);
        } catch (IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
    }
}
