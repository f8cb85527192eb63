package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.FakeCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameServersTest {
    private static String deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private static RemotingCommand routeRequest() {
        return RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", "T");
    }

    @Test
    void failsOverToTheNameServerThatAnswersAndSticksToIt() throws Exception {
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("ns-test").connectTimeoutMillis(500));
        try (FakeCluster cluster = new FakeCluster("T", 1)) {
            NameServers ns = new NameServers(List.of(deadAddress(), cluster.nameServer(), deadAddress()), client);
            for (int i = 0; i < 3; i++) {
                RemotingCommand resp = ns.invoke(NameServersTest::routeRequest, 2000, "get route");
                assertEquals(ResponseCode.SUCCESS, resp.code());
                assertEquals(cluster.nameServer(), ns.current());
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void noReachableNameServerIsARetriableErrorListingThem() throws Exception {
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("ns-test2").connectTimeoutMillis(500));
        try {
            String a = deadAddress();
            NameServers ns = new NameServers(List.of(a), client);
            ClientException e = assertThrows(ClientException.class,
                () -> ns.invoke(NameServersTest::routeRequest, 1000, "get route"));
            assertTrue(e.retriable());
            assertTrue(e.getMessage().contains(a), e.getMessage());
        } finally {
            client.shutdown();
        }
    }
}
