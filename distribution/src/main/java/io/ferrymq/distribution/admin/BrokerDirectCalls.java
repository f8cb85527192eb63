package io.ferrymq.distribution.admin;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.CreateTopicRequestHeader;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The admin calls addressed to one broker rather than a cluster (topic on one broker, broker configuration),
 * made directly over the remoting protocol. Failures are IllegalStateExceptions naming the broker and the code.
 */
final class BrokerDirectCalls implements AutoCloseable {
    private final RemotingClient client;
    private final long timeoutMillis;

    /** @param tls the TLS settings of the connections, or null for plaintext */
    BrokerDirectCalls(long timeoutMillis, io.ferrymq.remoting.acl.Credentials credentials,
                      io.ferrymq.remoting.TlsConfig tls) {
        this.timeoutMillis = timeoutMillis;
        this.client = new RemotingClient(new RemotingClientConfig().name("ferry-admin-direct").tls(tls));
        if (credentials != null) {
            client.setRequestHook(new io.ferrymq.remoting.acl.SigningHook(credentials));
        }
    }

    void createOrUpdateTopic(String broker, String topic, int readQueues, int writeQueues, int perm, boolean order) {
        CreateTopicRequestHeader h = new CreateTopicRequestHeader().topic(topic).defaultTopic("TBW102")
                .readQueueNums(readQueues).writeQueueNums(writeQueues).perm(perm).topicFilterType("SINGLE_TAG")
                .topicSysFlag(0).order(order);
        call(broker, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, h), "create/update topic " + topic);
    }

    Map<String, String> brokerConfig(String broker) {
        RemotingCommand r = call(broker, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG), "read the configuration");
        Properties p = new Properties();
        try {
            p.load(new StringReader(r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("broker " + broker + " sent an unreadable configuration: " + e.getMessage());
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }

    void updateBrokerConfig(String broker, Map<String, String> changes) {
        StringBuilder body = new StringBuilder();
        new LinkedHashMap<>(changes).forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
        call(broker, RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body(body.toString().getBytes(StandardCharsets.UTF_8)), "update the configuration");
    }

    private RemotingCommand call(String broker, RemotingCommand request, String what) {
        RemotingCommand r;
        try {
            r = client.invokeSync(broker, request, timeoutMillis);
        } catch (RemotingException e) {
            throw new IllegalStateException("cannot " + what + " on broker " + broker + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (r.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("broker " + broker + " refused to " + what + ": code " + r.code()
                    + (r.remark() == null ? "" : ", " + r.remark()));
        }
        return r;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
