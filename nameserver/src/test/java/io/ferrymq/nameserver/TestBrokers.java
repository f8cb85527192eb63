package io.ferrymq.nameserver;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.header.GetRouteInfoRequestHeader;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers that play a broker or a client against a name server with our RemotingClient. */
final class TestBrokers {
    static final long TIMEOUT = 3000;

    private TestBrokers() {
    }

    static RegisterBrokerBody body(DataVersion version, TopicConfig... topics) {
        Map<String, TopicConfig> table = new HashMap<>();
        for (TopicConfig t : topics) {
            table.put(t.getTopicName(), t);
        }
        return new RegisterBrokerBody(new TopicConfigSerializeWrapper(table, version));
    }

    static RegisterBrokerRequestHeader header(String cluster, String name, long id, String addr) {
        return new RegisterBrokerRequestHeader().clusterName(cluster).brokerName(name).brokerId(id).brokerAddr(addr)
                .haServerAddr(addr.replaceAll(":\\d+$", ":10912"));
    }

    static RemotingCommand register(RemotingClient client, String nameServer, RegisterBrokerRequestHeader h,
                                    RegisterBrokerBody body) throws Exception {
        byte[] bytes = body.encode(h.compressed());
        h.bodyCrc32(RegisterBrokerBody.crc32(bytes));
        return client.invokeSync(nameServer, RemotingCommand.request(RequestCode.REGISTER_BROKER, h).body(bytes),
                TIMEOUT);
    }

    static RemotingCommand registerOk(RemotingClient client, String nameServer, RegisterBrokerRequestHeader h,
                                      RegisterBrokerBody body) throws Exception {
        RemotingCommand resp = register(client, nameServer, h, body);
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        return resp;
    }

    static RemotingCommand routeRequest(RemotingClient client, String nameServer, String topic) throws Exception {
        return client.invokeSync(nameServer, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new GetRouteInfoRequestHeader().topic(topic)), TIMEOUT);
    }

    /** The route, or null on TOPIC_NOT_EXIST. */
    static TopicRouteData route(RemotingClient client, String nameServer, String topic) throws Exception {
        RemotingCommand resp = routeRequest(client, nameServer, topic);
        if (resp.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return null;
        }
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        return Json.parse(resp.body(), TopicRouteData.class);
    }

    static void await(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + within.toMillis() + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
